import { COLORS as C } from './page-theme.js';

/** The login form and the session list: labelled fields, 44 px targets, a visible error. */
export const LOGIN_STYLES = `
.login{max-width:420px;margin:24px auto 0}
.login h1,.sessions h1{margin:0 0 14px;font-size:22px}
.login label{display:block;margin:0 0 4px;font-weight:600}
.login input{display:block;width:100%;min-height:48px;margin:0 0 12px;padding:10px 12px;border:1px solid ${C.inkMuted};
border-radius:8px;font:inherit;font-size:16px;color:${C.ink};background:${C.paper}}
.login .btn+.btn{margin-top:10px}
.sessions ol{list-style:none;margin:0;padding:0}
.session{border-top:1px solid ${C.line};padding:12px 0}
.session:first-child{border-top:0}
.session p{margin:0}
.session .m{color:${C.inkMuted};font-size:14px}
.session form{margin-top:8px}
`;
