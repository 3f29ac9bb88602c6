// The session timeline, drawn on a canvas: a bar per session in its user's
// (or line's, or host's) row, coloured by how it ended; boots, shutdowns and
// crashes as vertical marks; lanes for failed logins and findings on top.
// Wheel or +/- zooms (down to seconds), drag or arrows pan, a click on a bar
// or a finding selects its record. Only what is in the window is drawn, one
// fill per pixel column per row at most, so a frame stays cheap at any size.
import { h } from "../dom.ts";
import type { Store } from "../store.ts";
import { buildLanes, lowerBound, type GroupBy, type Lanes } from "../lanes.ts";
import { ticks } from "../axis.ts";
import { isoTime } from "../time.ts";
import { SESSION_STATUSES } from "../types.ts";

export const STATUS_COLOURS: Record<string, string> = {
  "logged-out": "#2563eb", "still-logged-in": "#15803d", crash: "#dc2626", down: "#d97706", gone: "#64748b",
  event: "#0f766e", "time-change": "#0f766e", failed: "#9333ea",
};
const AXIS = 22, LANE = 18, ROW = 16, LABEL = 150;
const MIN_SPAN = 2;

export interface TimelineEvents {
  onSelect(g: number): void;
  onWindow(from: number, to: number): void;
}

export class Timeline {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly tip: HTMLElement;
  private lanes: Lanes | undefined;
  private groupBy: GroupBy = "user";
  private version = -1;
  from = 0;
  to = 1;
  private rowScroll = 0;
  private zone = "UTC";
  private frame = 0;
  private drag: { x: number; y: number; from: number; to: number; rows: number; moved: boolean } | undefined;

  constructor(private readonly store: Store, private readonly events: TimelineEvents) {
    this.canvas = h("canvas", { tabindex: 0, role: "img", "aria-label": "Session timeline. Plus and minus zoom, arrow keys pan and scroll, 0 resets." });
    this.tip = h("div", { class: "tip", hidden: true, role: "status" });
    const group = h("select", { "aria-label": "Timeline rows by", onchange: (e: Event) => { this.groupBy = (e.target as HTMLSelectElement).value as GroupBy; this.version = -1; this.draw(); } },
      h("option", { value: "user" }, "user"), h("option", { value: "line" }, "line"), h("option", { value: "host" }, "host"));
    const legend = h("span", { class: "legend" }, ...Object.entries(STATUS_COLOURS).filter(([k]) => k !== "time-change")
      .map(([k, c]) => h("span", {}, h("i", { style: `background:${c}` }), k)),
      h("span", {}, h("i", { style: "background:#16a34a" }), "boot"), h("span", {}, h("i", { style: "background:#475569" }), "shutdown"),
      h("span", {}, h("i", { style: "background:#dc2626" }), "boot after a crash"), h("span", {}, h("i", { style: "background:#ea580c" }), "finding"));
    const button = (label: string, text: string, act: () => void) => h("button", { type: "button", "aria-label": label, onclick: act }, text);
    const controls = h("div", { class: "controls" }, h("label", {}, "Rows by ", group), " ",
      button("Zoom in", "+", () => this.zoom(0.5)), button("Zoom out", "−", () => this.zoom(2)), button("Show everything", "All", () => this.reset()), " ", legend);
    this.element = h("section", { class: "timeline", "aria-label": "Timeline" }, h("h2", {}, "Timeline"), controls, h("div", { class: "canvas-box" }, this.canvas, this.tip));
    this.canvas.addEventListener("wheel", (e) => this.wheel(e), { passive: false });
    this.canvas.addEventListener("pointerdown", (e) => this.down(e));
    this.canvas.addEventListener("pointermove", (e) => this.move(e));
    this.canvas.addEventListener("pointerup", (e) => this.up(e));
    this.canvas.addEventListener("pointerleave", () => { this.tip.hidden = true; });
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    new ResizeObserver(() => { this.width = this.canvas.clientWidth; this.draw(); }).observe(this.canvas);
  }

  setZone(zone: string): void { this.zone = zone; this.draw(); }

  /** Shows [from, to) (seconds). */
  show(from: number, to: number): void {
    if (!(to - from >= MIN_SPAN)) { const mid = (from + to) / 2; from = mid - MIN_SPAN / 2; to = mid + MIN_SPAN / 2; }
    this.from = from;
    this.to = to;
    this.draw();
    this.events.onWindow(from, to);
  }

  reset(): void {
    const [a, b] = this.store.extent;
    const pad = (b - a) * 0.02;
    this.show(a - pad, b + pad);
  }

  /** Zooms by `factor` around the time at `x` pixels (the middle by default). */
  zoom(factor: number, x?: number): void {
    const width = this.plotWidth();
    const at = x === undefined ? (this.from + this.to) / 2 : this.timeAt(x);
    const ratio = (at - this.from) / (this.to - this.from);
    const span = Math.max(MIN_SPAN, (this.to - this.from) * factor);
    if (width > 0) this.show(at - ratio * span, at - ratio * span + span);
  }

  /** The canvas's width, read once per paint: clientWidth is a layout query, far too slow to ask per session. */
  private width = 1;
  private plotWidth(): number { return Math.max(1, this.width - LABEL); }
  private timeAt(x: number): number { return this.from + ((x - LABEL) / this.plotWidth()) * (this.to - this.from); }
  private xAt(t: number): number { return LABEL + ((t - this.from) / (this.to - this.from)) * this.plotWidth(); }

  /** Redraws on the next frame (many calls, one drawing). */
  draw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.paint(); });
  }

  private ensureLanes(): Lanes {
    if (!this.lanes || this.version !== this.store.sessionsVersion) {
      this.lanes = buildLanes(this.store, this.groupBy);
      this.version = this.store.sessionsVersion;
    }
    return this.lanes;
  }

  private rowsTop(): number { return AXIS + 2 * LANE + 4; }

  paint(): void {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const width = (this.width = c.clientWidth), height = c.clientHeight;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) { c.width = Math.round(width * dpr); c.height = Math.round(height * dpr); }
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, width, height);
    g.font = "12px system-ui, sans-serif";
    g.textBaseline = "middle";
    const lanes = this.ensureLanes();
    const plotW = this.plotWidth();
    if (this.store.count === 0) {
      g.fillStyle = "#475569";
      g.fillText("Choose or drop files: their sessions, boots, crashes and failed logins show here.", LABEL, height / 2);
      return;
    }
    // axis and grid
    g.fillStyle = "#334155";
    for (const t of ticks(this.from, this.to, plotW, this.zone)) {
      const x = Math.round(this.xAt(t.at)) + 0.5;
      g.fillRect(x, AXIS - 6, 1, height - AXIS + 6);
      g.fillStyle = "#e2e8f0"; g.fillRect(x, AXIS, 1, height - AXIS); g.fillStyle = "#334155";
      g.fillText(t.label, x + 3, 10);
    }
    g.fillStyle = "#0f172a";
    g.fillText("failed logins", 6, AXIS + LANE / 2);
    g.fillText("findings", 6, AXIS + LANE * 1.5);
    this.paintFailed(g, lanes, plotW);
    this.paintFindings(g);
    // session rows
    const top = this.rowsTop();
    const visibleRows = Math.floor((height - top) / ROW);
    this.rowScroll = Math.max(0, Math.min(this.rowScroll, Math.max(0, lanes.lanes.length - visibleRows)));
    const s = this.store.sessions;
    for (let r = 0; r < visibleRows && r + this.rowScroll < lanes.lanes.length; r++) {
      const lane = lanes.lanes[r + this.rowScroll]!;
      const y = top + r * ROW;
      if (r % 2 === 0) { g.fillStyle = "#f8fafc"; g.fillRect(LABEL, y, plotW, ROW); }
      g.fillStyle = "#0f172a";
      g.fillText(lane.label.length > 20 ? lane.label.slice(0, 19) + "…" : lane.label, 6, y + ROW / 2);
      // sessions by start: each pixel of the row is painted once per pass, by the first session that reaches it
      // (a row of half a million sessions is at most a row's width of fills). Sessions without an end go first,
      // faint, so the ended ones, drawn over them, are never hidden by one that runs to the end of the data
      for (const open of [true, false]) {
        let covered = -Infinity;
        g.globalAlpha = open ? 0.4 : 1;
        for (let k = lowerBound(lane.starts, this.from - lane.longest); k < lane.sessions.length; k++) {
          const i = lane.sessions[k]!;
          const start = s.start[i]!;
          if (start > this.to) break;
          if (Number.isNaN(s.end[i]!) !== open) continue;
          const end = open ? lanes.now : s.end[i]!;
          if (end < this.from) continue;
          let x0 = Math.floor(Math.max(LABEL, this.xAt(start)));
          const x1 = Math.max(x0 + 1, Math.ceil(Math.min(LABEL + plotW, this.xAt(end))));
          if (x1 <= covered) continue;
          x0 = Math.max(x0, covered);
          covered = x1;
          g.fillStyle = STATUS_COLOURS[SESSION_STATUSES[s.status[i]!]!] ?? "#64748b";
          g.fillRect(x0, y + 3, x1 - x0, ROW - 6);
        }
      }
      g.globalAlpha = 1;
    }
    if (lanes.lanes.length > visibleRows) {
      g.fillStyle = "#475569";
      g.fillText(`rows ${this.rowScroll + 1}–${Math.min(lanes.lanes.length, this.rowScroll + visibleRows)} of ${lanes.lanes.length}`, LABEL + plotW - 130, height - 8);
    }
    // boots, shutdowns, crashes over everything
    this.paintMarks(g, lanes.shutdowns, "#475569", height);
    this.paintMarks(g, lanes.boots, "#16a34a", height);
    this.paintMarks(g, lanes.crashes, "#dc2626", height);
    g.fillStyle = "#cbd5e1";
    g.fillRect(LABEL - 1, AXIS, 1, height - AXIS);
  }

  /** Vertical marks, one pixel wide and see-through: thousands of reboots must not hide the sessions. */
  private paintMarks(g: CanvasRenderingContext2D, times: Float64Array, colour: string, height: number): void {
    g.fillStyle = colour;
    g.globalAlpha = 0.7;
    let last = -1;
    for (let k = lowerBound(times, this.from); k < times.length && times[k]! <= this.to; k++) {
      const x = Math.floor(this.xAt(times[k]!));
      if (x === last) continue;
      last = x;
      g.fillRect(x, AXIS, 1, height - AXIS);
    }
    g.globalAlpha = 1;
  }

  /** Failed logins as a density strip: each pixel column as dark as the log of its count. */
  private paintFailed(g: CanvasRenderingContext2D, lanes: Lanes, plotW: number): void {
    const from = lowerBound(lanes.failed, this.from), to = lowerBound(lanes.failed, this.to);
    if (to <= from) return;
    const counts = new Uint32Array(Math.ceil(plotW) + 1);
    for (let k = from; k < to; k++) counts[Math.floor(this.xAt(lanes.failed[k]!) - LABEL)]!++;
    let max = 1;
    for (const n of counts) if (n > max) max = n;
    g.fillStyle = STATUS_COLOURS.failed!;
    for (let x = 0; x < counts.length; x++) {
      if (counts[x] === 0) continue;
      g.globalAlpha = 0.25 + 0.75 * (Math.log1p(counts[x]!) / Math.log1p(max));
      g.fillRect(LABEL + x, AXIS + 2, 1, LANE - 4);
    }
    g.globalAlpha = 1;
  }

  private paintFindings(g: CanvasRenderingContext2D): void {
    g.fillStyle = "#ea580c";
    // one mark per pixel: the audit of a million records may find a hundred thousand things
    const marked = new Uint8Array(Math.ceil(g.canvas.width) + 1);
    for (const f of this.store.findings) {
      if (!(f.at >= this.from && f.at <= this.to)) continue; // NaN: a finding with no time
      const x = Math.floor(this.xAt(f.at));
      if (x < 0 || x >= marked.length || marked[x]) continue;
      marked[x] = 1;
      g.beginPath();
      g.moveTo(x, AXIS + LANE + 3); g.lineTo(x + 5, AXIS + LANE * 1.5); g.lineTo(x, AXIS + LANE * 2 - 3); g.lineTo(x - 5, AXIS + LANE * 1.5);
      g.fill();
    }
  }

  /** The session or finding under (x, y), as a merged record row and a description. */
  private hit(x: number, y: number): { row: number; text: string } | undefined {
    if (x < LABEL) return undefined;
    const lanes = this.ensureLanes();
    const slack = (4 / this.plotWidth()) * (this.to - this.from);
    const t = this.timeAt(x);
    const s = this.store.sessions;
    const describe = (i: number) => `${this.store.dict.text(s.user[i]!) || "(no user)"} on ${this.store.dict.text(s.line[i]!) || "?"}${s.host[i] ? ` from ${this.store.dict.text(s.host[i]!)}` : ""}\n`
      + `${isoTime(Math.floor(s.start[i]!), Math.round((s.start[i]! % 1) * 1e6), this.zone)} → ${Number.isNaN(s.end[i]!) ? "no end" : isoTime(Math.floor(s.end[i]!), Math.round((s.end[i]! % 1) * 1e6), this.zone)}\n${SESSION_STATUSES[s.status[i]!]}`;
    if (y >= AXIS && y < AXIS + LANE) {
      const k = lowerBound(lanes.failed, t - slack);
      if (k < lanes.failed.length && lanes.failed[k]! <= t + slack) {
        const i = lanes.failedSessions[k]!;
        return { row: this.store.sessionRow[i]!, text: `failed login: ${describe(i)}` };
      }
      return undefined;
    }
    if (y >= AXIS + LANE && y < AXIS + 2 * LANE) {
      // a finding about the host has no record to select
      const f = this.store.findings.find((x) => x.rows.length > 0 && Math.abs(x.at - t) <= slack);
      return f && { row: f.rows[0]!, text: `${f.kind} at byte ${f.offset}: ${f.explanation}` };
    }
    const r = Math.floor((y - this.rowsTop()) / ROW) + this.rowScroll;
    const lane = lanes.lanes[r];
    if (!lane || y < this.rowsTop()) return undefined;
    // the latest session starting by t (and back as far as the longest session reaches) that covers it
    for (let k = lowerBound(lane.starts, t + slack) - 1; k >= 0 && lane.starts[k]! >= t - lane.longest - slack; k--) {
      const i = lane.sessions[k]!;
      const end = Number.isNaN(s.end[i]!) ? lanes.now : s.end[i]!;
      if (t <= end + slack) return { row: this.store.sessionRow[i]!, text: describe(i) };
    }
    return undefined;
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const d = (e.deltaX || e.deltaY) / this.plotWidth() * (this.to - this.from);
      this.show(this.from + d, this.to + d);
    } else this.zoom(Math.exp(e.deltaY * 0.002), e.offsetX);
  }

  private down(e: PointerEvent): void {
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { x: e.offsetX, y: e.offsetY, from: this.from, to: this.to, rows: this.rowScroll, moved: false };
  }

  private move(e: PointerEvent): void {
    const d = this.drag;
    if (d) {
      const dx = e.offsetX - d.x, dy = e.offsetY - d.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
      if (!d.moved) return;
      const dt = (dx / this.plotWidth()) * (d.to - d.from);
      this.rowScroll = Math.max(0, d.rows - Math.round(dy / ROW));
      this.show(d.from - dt, d.to - dt);
      return;
    }
    const hit = this.hit(e.offsetX, e.offsetY);
    this.tip.hidden = !hit;
    if (hit) {
      this.tip.textContent = hit.text;
      this.tip.style.left = `${Math.min(e.offsetX + 12, this.canvas.clientWidth - 260)}px`;
      this.tip.style.top = `${e.offsetY + 12}px`;
    }
  }

  private up(e: PointerEvent): void {
    const d = this.drag;
    this.drag = undefined;
    if (d && !d.moved) {
      const hit = this.hit(e.offsetX, e.offsetY);
      if (hit) this.events.onSelect(hit.row);
    }
  }

  private key(e: KeyboardEvent): void {
    const span = this.to - this.from;
    const act: Record<string, () => void> = {
      "+": () => this.zoom(0.5), "=": () => this.zoom(0.5), "-": () => this.zoom(2), "0": () => this.reset(),
      ArrowLeft: () => this.show(this.from - span / 10, this.to - span / 10),
      ArrowRight: () => this.show(this.from + span / 10, this.to + span / 10),
      ArrowUp: () => { this.rowScroll = Math.max(0, this.rowScroll - 1); this.draw(); },
      ArrowDown: () => { this.rowScroll++; this.draw(); },
    };
    const f = act[e.key];
    if (f) { e.preventDefault(); f(); }
  }
}
