import { COLORS as C } from './page-theme.js';

/** The monitor's dashboard: cards of charts in one column on a phone, two on a desk; tables that scroll. */
export const MONITOR_STYLES = `
.monitor-charts{display:grid;gap:12px}
@media (min-width:900px){.monitor-charts{grid-template-columns:1fr 1fr}}
.chart{margin:0;background:${C.paper};border:1px solid ${C.line};border-radius:8px;padding:8px;overflow:hidden}
.chart h2{font-size:15px;margin:0 0 4px}
.chart svg{display:block;width:100%;height:auto}
.table-wrap{overflow-x:auto;background:${C.paper};border:1px solid ${C.line};border-radius:8px}
.monitor-table{border-collapse:collapse;font-size:14px;min-width:100%}
.monitor-table th,.monitor-table td{padding:6px 8px;border-bottom:1px solid ${C.line};text-align:left;white-space:nowrap}
.verdict-fail{color:${C.seal};font-weight:600}
.period-links a{display:inline-block;min-height:44px;padding:10px 8px}
`;
