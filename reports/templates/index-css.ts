/** Inline stylesheet of the coverage matrix (index.html must work from file:// with no assets). */
export const INDEX_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta { color: #666; margin-bottom: 1rem; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f4f4f6; position: sticky; top: 0; }
tr.group th { background: #e9eef6; font-weight: 600; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
td.id .source { font-family: system-ui, sans-serif; font-size: 12px; color: #666; white-space: normal; }
ul.scenarios { font-size: 13px; }
ul.scenarios { margin: 0; padding-left: 1rem; }
.v { white-space: nowrap; font-weight: 600; }
.v small { display: block; font-weight: normal; white-space: normal; max-width: 22rem; }
.v-passed { background: #e3f6e5; color: #17612a; }
.v-failed { background: #fde4e4; color: #9b1c1c; }
.v-divergence { background: #fff3d6; color: #7a5200; }
.v-not-applicable { background: #eef0f3; color: #4a5563; }
.v-not-covered { background: #fff; color: #999; }
.v-not-run { background: #fff; color: #bbb; font-weight: normal; }
.v-not-observable { background: #fafafa; color: #aaa; font-style: italic; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; align-items: center; }
.hidden { display: none; }
.note { color: #666; font-size: 12px; }
`;
