import { COLORS as C } from './page-theme.js';

/** The admin's pages: a section bar, lists of cards that read on a phone, compact forms, a secret shown once. */
export const ADMIN_STYLES = `
.adminnav ul{display:flex;flex-wrap:wrap;gap:4px;margin:0;padding:0;list-style:none}
.adminnav a{display:inline-flex;align-items:center;min-height:44px;padding:0 12px;border-radius:8px;
background:${C.paper};border:1px solid ${C.line};color:${C.ink};text-decoration:none}
.adminnav a[aria-current=page]{border-color:${C.brand};color:${C.brand};font-weight:600}
.admin h1{margin:0;font-size:22px}
.admin-list{list-style:none;margin:0;padding:0}
.admin-item{border-top:1px solid ${C.line};padding:10px 0}
.admin-item:first-child{border-top:0}
.admin-item p{margin:0}
.admin-item .m{color:${C.inkMuted};font-size:14px}
.admin-form{display:grid;gap:10px}
.admin-form label{font-weight:600}
.admin-form input[type=text],.admin-form input[type=password],.admin-form input[type=number],.admin-form select,
.admin-form input[type=url],.admin-form input[type=date],.admin-form input[type=tel],.admin-form textarea{
width:100%;min-height:44px;padding:8px 12px;border:1px solid ${C.inkMuted};border-radius:8px;font:inherit;
font-size:16px;color:${C.ink};background:${C.paper}}
.workflow-text{width:100%;padding:8px 12px;border:1px solid ${C.inkMuted};border-radius:8px;font-family:monospace;
font-size:15px;color:${C.ink};background:${C.paper}}
.admin-form fieldset{margin:0;padding:0;border:0}
.admin-form legend{font-weight:600;margin-bottom:4px}
.check{display:inline-flex;align-items:center;gap:6px;min-height:44px;margin-right:14px;font-weight:400!important}
.check input{width:20px;height:20px}
.inline-actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.inline-actions .btn{width:auto;min-height:44px;font-size:16px;letter-spacing:0}
.secret{display:block;padding:10px;border-radius:8px;background:${C.canvas};font-family:monospace;font-size:15px;
word-break:break-all;user-select:all}
.audit-details{font-size:14px;color:${C.inkMuted}}
.admin-cols>*+*{margin-top:12px}
.pager{display:flex;gap:12px}
.pager a{display:inline-flex;align-items:center;min-height:44px}
@media (min-width:900px){.admin-cols{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:16px;align-items:start}
.admin-cols>*+*{margin-top:0}}
`;
