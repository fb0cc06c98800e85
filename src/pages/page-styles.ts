import { COLORS as C } from './page-theme.js';
import { REVIEW_STYLES } from './review-styles.js';
import { LOGIN_STYLES } from './login-styles.js';
import { EDITOR_STYLES } from './editor-styles.js';
import { MONITOR_STYLES } from './monitor-styles.js';
import { ADMIN_STYLES } from './admin-styles.js';

/**
 * The shell: system CJK fonts, a phone-first single column, a two-column desk layout, focus rings, tap targets
 * of at least 44 px, and no motion for people who asked for none. Built from page-theme.ts so that the
 * contrast test covers what is rendered.
 */
const BASE_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:${C.canvas};color:${C.ink};
font-family:"PingFang SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","Hiragino Sans GB",sans-serif;
font-size:16px;line-height:1.7;overflow-wrap:anywhere}
a{color:${C.brand}}
:focus-visible{outline:3px solid ${C.brand};outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.topbar{background:${C.paper};border-bottom:1px solid ${C.line}}
.topbar-in{display:flex;align-items:center;gap:10px;min-height:52px;padding:6px 16px;margin:0 auto;max-width:720px}
.desktop .topbar-in{max-width:1200px}
.seal{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:4px;background:${C.seal};
color:${C.paper};font-weight:700;font-size:17px;line-height:1}
.brand{font-weight:600;font-size:16px;letter-spacing:.08em}
.viewer{margin-left:auto;color:${C.inkMuted};font-size:14px}
.page{margin:0 auto;max-width:720px;padding:12px 12px 32px}
.page>*+*,.side>*+*{margin-top:12px}
.desktop .page{max-width:1200px}
@media (min-width:900px){
.desktop .page-review{display:grid;grid-template-columns:minmax(0,1fr) 400px;gap:20px;align-items:start;padding:20px}
.desktop .page-review>*+*{margin-top:0}
.desktop .page-review>.notice,.desktop .page-review>.summary{grid-column:1/-1}
.desktop .article{padding:32px 40px}
}
.card{background:${C.paper};border-radius:10px;padding:16px;border:1px solid ${C.line}}
.card h2,.queue h1{margin:0 0 10px;font-size:17px;line-height:1.5}
.muted{color:${C.inkMuted}}
.small{font-size:14px}
.notice{border-radius:10px;padding:12px 16px;border:1px solid;font-size:15px}
.notice p{margin:0}
.notice a{display:inline-flex;align-items:center;min-height:44px;font-weight:600}
.notice-info{background:${C.brandTint};border-color:${C.brand};color:${C.ink}}
.notice-warning{background:${C.warningTint};border-color:${C.warning};color:${C.ink}}
.notice-error{background:${C.dangerTint};border-color:${C.danger};color:${C.ink}}
.pill{display:inline-block;padding:1px 10px;border-radius:999px;font-size:13px;line-height:22px;white-space:nowrap;
background:${C.canvas};color:${C.inkMuted}}
.pill-approved{background:${C.successTint};color:${C.success}}
.pill-rejected,.pill-blocked,.pill-publish_failed,.pill-withdrawn{background:${C.dangerTint};color:${C.danger}}
.pill-waiting,.pill-in_review,.pill-scheduled{background:${C.brandTint};color:${C.brand}}
.pill-published{background:${C.successTint};color:${C.success}}
.pill-grade-important{background:${C.warningTint};color:${C.warning}}
.pill-grade-major{background:${C.dangerTint};color:${C.danger};font-weight:600}
.btn{display:flex;align-items:center;justify-content:center;width:100%;min-height:52px;padding:10px 16px;
border-radius:10px;border:2px solid ${C.brand};font:inherit;font-size:18px;font-weight:600;letter-spacing:.05em;
text-decoration:none;cursor:pointer;transition:background-color .15s}
.btn-primary{background:${C.brand};color:${C.paper}}
.btn-primary:hover{background:${C.brandHover};border-color:${C.brandHover}}
.btn-secondary{background:${C.paper};color:${C.brand}}
.decision .btn{letter-spacing:.3em}
.btn-danger{background:${C.paper};color:${C.danger};border-color:${C.danger}}
.btn-danger:hover{background:${C.dangerTint}}
.footer{margin:24px auto 0;max-width:720px;padding:0 16px 24px;color:${C.inkMuted};font-size:13px;text-align:center}
@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{transition:none!important;animation:none!important}}
`;

/** The whole stylesheet of every page (one `<style>`, whose hash the CSP names). */
export const PAGE_STYLES =
  `${BASE_STYLES}${REVIEW_STYLES}${LOGIN_STYLES}${EDITOR_STYLES}${MONITOR_STYLES}${ADMIN_STYLES}`.replace(
    /\n/g,
    '',
  );
