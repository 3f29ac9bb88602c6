// Records over time, as a histogram across the whole span (failed logins
// stacked in their colour), with a brush: drag to choose the time range the
// table keeps and the timeline shows; a click clears it. The timeline's
// current window is outlined.
import { h } from "../dom.ts";
import type { Store } from "../store.ts";
import { STATUS_COLOURS } from "./timeline.ts";
import { ticks } from "../axis.ts";
import { SESSION_STATUSES } from "../types.ts";

const FAILED = SESSION_STATUSES.indexOf("failed");

const HEIGHT = 70, AXIS = 14, LABEL = 150;

export interface HistogramEvents {
  onRange(range: [number, number] | undefined): void;
}

export class Histogram {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private bins: { all: Uint32Array; failed: Uint32Array; version: number; sessionsVersion: number; width: number } | undefined;
  private range: [number, number] | undefined;
  private window: [number, number] | undefined;
  private zone = "UTC";
  private brushing: { x: number; now: number } | undefined;
  private frame = 0;

  constructor(private readonly store: Store, private readonly events: HistogramEvents) {
    this.canvas = h("canvas", { tabindex: 0, role: "img", "aria-label": "Records over time. Drag to choose a time range; Escape clears it." });
    this.canvas.style.height = `${HEIGHT}px`;
    const clear = h("button", { type: "button", onclick: () => this.setRange(undefined) }, "Clear time range");
    this.element = h("section", { class: "histogram", "aria-label": "Records over time" }, this.canvas, clear);
    this.canvas.addEventListener("pointerdown", (e) => { this.canvas.setPointerCapture(e.pointerId); this.brushing = { x: e.offsetX, now: e.offsetX }; });
    this.canvas.addEventListener("pointermove", (e) => { if (this.brushing) { this.brushing.now = e.offsetX; this.draw(); } });
    this.canvas.addEventListener("pointerup", (e) => {
      const b = this.brushing;
      this.brushing = undefined;
      if (!b) return;
      if (Math.abs(e.offsetX - b.x) < 3) return this.setRange(undefined);
      const [a, z] = [this.timeAt(Math.min(b.x, e.offsetX)), this.timeAt(Math.max(b.x, e.offsetX))];
      this.setRange([a, z]);
    });
    this.canvas.addEventListener("keydown", (e) => { if (e.key === "Escape") this.setRange(undefined); });
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  setRange(range: [number, number] | undefined): void {
    this.range = range;
    this.draw();
    this.events.onRange(range);
  }

  setWindow(from: number, to: number): void { this.window = [from, to]; this.draw(); }
  setZone(zone: string): void { this.zone = zone; this.draw(); }

  private width(): number { return Math.max(1, this.canvas.clientWidth - LABEL); }
  private timeAt(x: number): number { const [a, b] = this.store.extent; return a + ((x - LABEL) / this.width()) * (b - a); }
  private xAt(t: number): number { const [a, b] = this.store.extent; return LABEL + ((t - a) / (b - a)) * this.width(); }

  private ensureBins(): { all: Uint32Array; failed: Uint32Array } {
    const n = Math.max(1, Math.floor(this.width() / 3));
    // the failed logins are the sessions': they may arrive after the records
    const { version, sessionsVersion } = this.store;
    if (this.bins && this.bins.version === version && this.bins.sessionsVersion === sessionsVersion && this.bins.width === n) return this.bins;
    const all = new Uint32Array(n), failed = new Uint32Array(n);
    const r = this.store.records;
    const [a, b] = this.store.extent;
    if (r) {
      const scale = n / (b - a);
      for (let g = 0; g < this.store.count; g++) {
        if (r.flags[g]! & 1) continue;
        const bin = Math.floor((r.seconds[g]! - a) * scale);
        if (bin >= 0 && bin < n) all[bin]!++;
      }
      const s = this.store.sessions;
      for (let k = 0; k < s.status.length; k++) {
        if (s.status[k] !== FAILED) continue;
        const bin = Math.floor((s.start[k]! - a) * scale);
        if (bin >= 0 && bin < n) failed[bin]!++;
      }
    }
    this.bins = { all, failed, version, sessionsVersion, width: n };
    return this.bins;
  }

  draw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.paint(); });
  }

  private paint(): void {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const width = c.clientWidth, height = HEIGHT;
    if (c.width !== Math.round(width * dpr)) { c.width = Math.round(width * dpr); c.height = Math.round(height * dpr); }
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = "#fff"; g.fillRect(0, 0, width, height);
    g.font = "11px system-ui, sans-serif"; g.textBaseline = "middle"; g.fillStyle = "#0f172a";
    g.fillText("records over time", 6, (height - AXIS) / 2);
    const { all, failed } = this.ensureBins();
    let max = 1;
    for (const v of all) if (v > max) max = v;
    const bw = this.width() / all.length, plot = height - AXIS - 2;
    for (let i = 0; i < all.length; i++) {
      const x = LABEL + i * bw;
      const hAll = all[i] ? Math.max(1, (Math.log1p(all[i]!) / Math.log1p(max)) * plot) : 0;
      g.fillStyle = "#64748b"; g.fillRect(x, plot - hAll + 1, Math.max(1, bw - 1), hAll);
      if (failed[i]) {
        const hf = Math.max(1, (Math.log1p(failed[i]!) / Math.log1p(max)) * plot);
        g.fillStyle = STATUS_COLOURS.failed!; g.fillRect(x, plot - hf + 1, Math.max(1, bw - 1), hf);
      }
    }
    g.fillStyle = "#334155";
    const [a, b] = this.store.extent;
    for (const t of ticks(a, b, this.width(), this.zone, 120)) g.fillText(t.label, this.xAt(t.at) + 2, height - AXIS / 2);
    if (this.window) {
      g.strokeStyle = "#0f172a"; g.lineWidth = 1;
      const x0 = Math.max(LABEL, this.xAt(this.window[0])), x1 = Math.min(width, this.xAt(this.window[1]));
      g.strokeRect(x0 + 0.5, 0.5, Math.max(1, x1 - x0), plot);
    }
    const brush = this.brushing ? [Math.min(this.brushing.x, this.brushing.now), Math.max(this.brushing.x, this.brushing.now)]
      : this.range ? [this.xAt(this.range[0]), this.xAt(this.range[1])] : undefined;
    if (brush) { g.fillStyle = "rgba(37, 99, 235, 0.2)"; g.fillRect(brush[0]!, 0, brush[1]! - brush[0]!, plot); }
  }
}
