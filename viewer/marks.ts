// When each step of showing a file happened, on the page's clock
// (performance.now()), as data-mark-* attributes of <body>: the benchmark reads
// them to tell the browser's, the worker's and the page's shares of the time
// apart. The first of each mark is kept: it is the time to screen.
export function mark(name: string, painted = false): void {
  const key = `mark${name[0]!.toUpperCase()}${name.slice(1)}`;
  if (document.body.dataset[key] !== undefined) return;
  const set = () => { document.body.dataset[key] = performance.now().toFixed(1); };
  if (painted) requestAnimationFrame(set); else set();
}
