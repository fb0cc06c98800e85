import { COLORS as C } from './page-theme.js';

/** The desk's navigation and the editor's pages: form fields, the live check beside the form, diff, preview. */
export const EDITOR_STYLES = `
.desknav{background:${C.paper};border-bottom:1px solid ${C.line}}
.desknav ul{display:flex;gap:4px;margin:0 auto;padding:0 8px;max-width:1200px;list-style:none;overflow-x:auto}
.desknav a{display:inline-flex;align-items:center;min-height:44px;padding:0 12px;color:${C.ink};text-decoration:none;white-space:nowrap}
.desknav a[aria-current=page]{color:${C.brand};font-weight:600;box-shadow:inset 0 -3px ${C.brand}}
.desknav-end{margin-left:auto}
.desknav form{margin:0}
.desknav button{min-height:44px;padding:0 12px;border:0;background:none;font:inherit;color:${C.ink};cursor:pointer}
.field{margin:0 0 14px}
.field input:not([type=radio]):not([type=checkbox]){display:block;width:100%;min-height:44px;padding:8px 12px;
border:1px solid ${C.inkMuted};border-radius:8px;font:inherit;font-size:16px;color:${C.ink};background:${C.paper}}
.editor textarea{min-height:280px}
.live-summary{margin:-6px 0 14px;font-size:15px}
.live-summary a{display:inline-flex;align-items:center;min-height:24px}
.live-summary a:empty{display:none}
.form-h{margin:0 0 14px;font-size:20px}
fieldset.choice{margin:0 0 14px;padding:0;border:0}
fieldset.choice legend{padding:0;margin-bottom:4px;font-weight:600}
.repost-fields{margin-top:10px}
.choice:has(input[value=original]:checked) .repost-fields{display:none}
.actions{display:grid;gap:10px;margin-top:8px}
.checked>*+*{margin-top:12px}
.diff table{width:100%;table-layout:fixed;border-collapse:collapse;font-size:15px}
.diff th,.diff td{vertical-align:top;text-align:left;padding:6px 8px;border-top:1px solid ${C.line}}
.diff tr.changed td{background:${C.warningTint}}
.diff td.gap{color:${C.inkMuted}}
del{background:${C.dangerTint};color:${C.danger}}
ins{background:${C.successTint};color:${C.success};text-decoration:underline}
.previews{display:flex;flex-wrap:wrap;align-items:flex-start;gap:16px}
.phone{margin:0;width:100%;max-width:375px;border:10px solid ${C.ink};border-radius:28px;overflow:hidden;background:${C.paper}}
.phone-bar{padding:8px 14px;background:${C.canvas};color:${C.inkMuted};font-size:13px}
.phone-screen{padding:16px;max-height:640px;overflow-y:auto}
.wx-title{margin:0 0 6px;font-size:21px;line-height:1.45}
.wx-meta{margin:0 0 10px;color:${C.inkMuted};font-size:14px}
.wx-cover{display:block;width:100%;max-height:200px;object-fit:cover;margin:0 0 10px;border-radius:6px}
.wx-cover-default{margin:0 0 8px;color:${C.inkMuted};font-size:13px;overflow-wrap:anywhere}
.wx-digest{margin:0 0 14px;padding:8px 10px;border-radius:6px;background:${C.canvas};color:${C.inkMuted};font-size:14px}
.weibo{margin:0;width:100%;max-width:375px;border:1px solid ${C.line};border-radius:12px;overflow:hidden;background:${C.paper}}
.weibo-text{margin:0;padding:12px 14px;font-size:16px}
.weibo-count{margin:0;padding:0 14px 12px;color:${C.inkMuted};font-size:13px}
.weibo-count.over{color:${C.danger};font-weight:600}
ul.plain{margin:0;padding-left:1.2em}
@media (min-width:900px){
.desktop .page-write{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px;align-items:start;padding:20px}
.desktop .page-write>*+*{margin-top:0}
.desktop .page-write>.notice,.desktop .page-write>.diff,.desktop .page-write>.preview{grid-column:1/-1}
.actions{grid-template-columns:2fr 1fr 1fr}
.desktop .page-write>.side{position:sticky;top:12px;max-height:calc(100vh - 24px);overflow-y:auto}
}
`;
