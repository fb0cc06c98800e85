import { COLORS as C } from './page-theme.js';

/** The article as WeChat shows it (17 px body, generous leading), marks, findings, chain, forms and lists. */
export const REVIEW_STYLES = `
.summary{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:12px 16px}
.summary .go{margin-left:auto;display:inline-flex;align-items:center;min-height:44px;padding:0 4px;font-weight:600}
.article{padding:24px 18px}
.article .title{margin:0 0 8px;font-size:22px;line-height:1.45;font-weight:700;letter-spacing:.02em}
.article .byline{margin:0 0 20px;color:${C.inkMuted};font-size:14px}
.article-body{font-size:17px;line-height:1.8;letter-spacing:.03em}
.article-body p{margin:0 0 1em}
.article-body h1,.article-body h2,.article-body h3,.article-body h4{line-height:1.5;margin:1.2em 0 .6em}
.article-body h1{font-size:20px}.article-body h2{font-size:19px}.article-body h3,.article-body h4{font-size:18px}
.article-body img{display:block;max-width:100%;height:auto;margin:12px auto;border-radius:4px}
.article-body blockquote{margin:1em 0;padding:4px 14px;border-left:3px solid ${C.line};color:${C.inkMuted}}
.article-body pre{white-space:pre-wrap;background:${C.canvas};padding:12px;border-radius:6px;font-size:14px}
.article-body code{font-family:"Noto Sans Mono CJK SC",ui-monospace,monospace;font-size:.9em}
.article-body table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:1em 0}
.article-body td,.article-body th{border:1px solid ${C.line};padding:6px 8px}
.article-body ul,.article-body ol{padding-left:1.6em}
.tail-preview{margin-top:4px;padding:10px 12px 2px;border:1px dashed ${C.brand};border-radius:6px;background:${C.brandTint}}
.tail-label{margin:0;color:${C.inkMuted};font-size:13px;letter-spacing:0}
.tail-preview .tail{margin:0 0 8px}
.tail .seg{display:inline-block;max-width:100%}
mark.f{color:${C.ink};padding:1px 0;border-radius:2px;box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.f-block{background:${C.markBlock};box-shadow:inset 0 -2px ${C.badgeBlock}}
mark.f-escalate{background:${C.markEscalate};box-shadow:inset 0 -2px ${C.badgeEscalate}}
mark.f-review{background:${C.markReview};box-shadow:inset 0 -2px ${C.badgeInfo}}
mark.f-info{background:${C.markInfo};box-shadow:inset 0 -2px ${C.badgeInfo}}
.fn,.num{display:inline-block;min-width:1.5em;padding:0 .3em;border-radius:999px;text-align:center;
font-size:12px;line-height:1.5em;font-weight:700;letter-spacing:0;text-indent:0;color:${C.paper};background:${C.badgeInfo}}
.fn{display:inline;vertical-align:super;margin:0 1px;padding:.1em .45em}
.fn-block,.num-block{background:${C.badgeBlock}}
.fn-escalate,.num-escalate{background:${C.badgeEscalate}}
.fn-review,.num-review{background:${C.badgeReview};color:${C.ink}}
.findings ol,.chain ol,.queue ol{list-style:none;margin:0;padding:0}
.finding{display:grid;grid-template-columns:auto 1fr;gap:4px 10px;padding:12px 0;border-top:1px solid ${C.line}}
.finding:first-child{border-top:0;padding-top:2px}
.finding .num{align-self:start;font-size:13px;margin-top:3px}
.finding p{margin:0}
.finding .what{color:${C.ink}}
.tag{display:inline-block;margin-right:6px;padding:0 6px;border-radius:4px;font-size:13px;font-weight:600;border:1px solid}
.tag-block{color:${C.danger};border-color:${C.danger}}
.tag-escalate{color:${C.warning};border-color:${C.warning}}
.tag-review,.tag-info{color:${C.inkMuted};border-color:${C.inkMuted}}
.quote{color:${C.inkMuted};font-size:14px}
.stage{position:relative;padding:0 0 14px 28px}
.stage::before{content:"";position:absolute;left:8px;top:8px;width:10px;height:10px;border-radius:50%;
background:${C.paper};border:2px solid ${C.inkMuted}}
.stage::after{content:"";position:absolute;left:12px;top:24px;bottom:0;width:2px;background:${C.line}}
.stage:last-child::after{display:none}
.stage-approved::before{background:${C.success};border-color:${C.success}}
.stage-rejected::before{background:${C.danger};border-color:${C.danger}}
.stage-waiting::before{background:${C.brand};border-color:${C.brand};box-shadow:0 0 0 3px ${C.brandTint}}
.stage-head{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;font-weight:600}
.stage p{margin:2px 0 0}
.comment{margin-top:6px!important;padding:6px 10px;border-radius:6px;background:${C.canvas};font-size:15px}
.decision h2{font-size:18px}
.acting{margin:0 0 12px;padding:8px 12px;border-radius:6px;background:${C.warningTint};color:${C.ink};font-size:15px}
fieldset.acks{margin:0 0 14px;padding:0;border:0}
fieldset.acks legend{padding:0;margin-bottom:6px;font-weight:600}
.check{display:flex;align-items:flex-start;gap:10px;min-height:44px;padding:10px 12px;margin-top:6px;
border:1px solid ${C.line};border-radius:8px;cursor:pointer}
.check input{flex:none;width:22px;height:22px;margin:1px 0 0;accent-color:${C.brand}}
.or{display:flex;align-items:center;gap:12px;margin:20px 0 14px;color:${C.inkMuted};font-size:14px}
.or::before,.or::after{content:"";flex:1;border-top:1px solid ${C.line}}
.field-label{display:block;margin-bottom:6px;font-weight:600}
textarea{display:block;width:100%;min-height:96px;margin:0 0 12px;padding:10px 12px;border:1px solid ${C.inkMuted};
border-radius:8px;font:inherit;font-size:16px;line-height:1.6;color:${C.ink};background:${C.paper};resize:vertical}
.hint{margin:-6px 0 12px;color:${C.inkMuted};font-size:14px}
.confirm{text-align:center;padding:32px 20px}
.confirm svg{width:64px;height:64px}
.confirm h1{margin:12px 0 8px;font-size:22px}
.confirm .links{display:grid;gap:10px;margin-top:20px}
.queue-filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:4px 0 12px}
.queue-filters label{display:flex;flex-direction:column;gap:4px;font-size:14px;color:${C.inkMuted}}
.queue-filters select,.queue-filters button{min-height:44px}
.submitted{flex-basis:100%;margin:4px 0 0}
.queue-item{border-top:1px solid ${C.line}}
.queue-item>div{padding:14px 0}
.pager{display:flex;gap:12px;margin-top:8px}
.pager a{display:inline-flex;align-items:center;min-height:44px;padding:0 12px}
.queue-item:first-child{border-top:0}
.queue-item a{display:block;min-height:44px;margin:0 -8px;padding:14px 8px;border-radius:8px;color:${C.ink};text-decoration:none}
.queue-item a:hover{background:${C.brandTint}}
.queue-item .t{display:block;font-size:17px;font-weight:600;color:${C.brand}}
.queue-item .m{display:flex;flex-wrap:wrap;gap:6px 12px;margin-top:4px;color:${C.inkMuted};font-size:14px}
`;
