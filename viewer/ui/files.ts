// The files: a drop zone and a picker, then one row per file with its size,
// SHA-256, the layout detected (with its confidence and the runner-up) or
// chosen by hand, its progress while it is read, and any error in words.
import { LAYOUTS } from "../../src/index.ts";
import { h, sizeText } from "../dom.ts";
import type { LoadedFile, Store } from "../store.ts";

export interface FilesEvents {
  onFiles(files: readonly File[]): void;
  onLayout(file: number, layout: string | undefined): void;
  onBtmp(file: number, btmp: boolean): void;
  onCancel(file: number): void;
  onRemove(file: number): void;
}

export class FilesPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly store: Store, private readonly events: FilesEvents) {
    const input = h("input", { type: "file", multiple: true, id: "file-input", class: "visually-hidden",
      onchange: () => { if (input.files) events.onFiles([...input.files]); input.value = ""; } });
    const pick = h("label", { for: "file-input", class: "button", tabindex: 0,
      onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") { e.preventDefault(); input.click(); } } }, "Choose files…");
    const zone = h("div", { class: "dropzone" }, input, pick,
      h("span", {}, " or drop wtmp, btmp, utmp, utx.log, wtmp.db, lastlog2.db (each with its -wal), .gz files anywhere on the page. Nothing leaves this machine."));
    this.list = h("ul", { class: "files", "aria-label": "Files" });
    this.element = h("section", { class: "files-panel", "aria-label": "Files" }, zone, this.list);
    // the whole page is the drop target
    document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
    document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) document.body.classList.remove("dragging"); });
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      document.body.classList.remove("dragging");
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) events.onFiles(files);
    });
  }

  /** Each reading file's progress bar, updated in place: a row rebuilt under the pointer would swallow a click on Cancel. */
  private readonly bars = new Map<number, HTMLProgressElement>();

  /**
   * Each reading file's Cancel button, kept from one render to the next: rows
   * are rebuilt while a file is read (its first rows, its SHA-256 arriving), and
   * a click whose press and release fall on two different buttons is lost.
   */
  private readonly cancels = new Map<number, HTMLElement>();

  render(): void {
    this.bars.clear();
    for (const id of this.cancels.keys()) if (this.store.files.find((f) => f.id === id)?.status !== "reading") this.cancels.delete(id);
    this.list.replaceChildren(...this.store.files.map((f) => this.row(f)));
  }

  /** When each bar was last moved (performance.now()). */
  private readonly moved = new Map<number, number>();

  /**
   * Moves `f`'s bar, at most five times a second: each move is a frame to
   * lay out and paint (10-20 ms with a million rows on the page, measured),
   * and the worker reports every slice and every 100 ms.
   */
  progress(f: LoadedFile): void {
    const bar = this.bars.get(f.id);
    if (!bar) { this.render(); return; }
    const now = performance.now();
    if (now - (this.moved.get(f.id) ?? -Infinity) < 200 && f.progress < 1) return;
    this.moved.set(f.id, now);
    bar.value = f.progress;
  }

  private cancelButton(id: number): HTMLElement {
    let button = this.cancels.get(id);
    if (!button) {
      button = h("button", { type: "button", onclick: () => this.events.onCancel(id) }, "Cancel");
      this.cancels.set(id, button);
    }
    return button;
  }

  private row(f: LoadedFile): HTMLElement {
    const layouts = h("select", { "aria-label": `Layout of ${f.name}`,
      onchange: (e: Event) => { const v = (e.target as HTMLSelectElement).value; this.events.onLayout(f.id, v === "" ? undefined : v); } },
      h("option", { value: "" }, f.layoutOverride === undefined && f.layout ? `${f.layout} (detected)` : "detect"),
      ...LAYOUTS.map((l) => h("option", { value: l.id, selected: l.id === f.layoutOverride }, `${l.id}: ${l.systems}`)));
    const confidence = f.layoutOverride !== undefined ? "chosen by hand"
      : f.confidence === undefined ? "" : `confidence ${f.confidence.toFixed(2)}${f.runnerUp ? `, runner-up ${f.runnerUp}` : ""}`;
    const btmp = h("label", {}, h("input", { type: "checkbox", checked: f.btmp, onchange: (e: Event) => this.events.onBtmp(f.id, (e.target as HTMLInputElement).checked) }), " failed logins (btmp)");
    const bar = h("progress", { max: 1, value: f.progress, "aria-label": `Reading ${f.name}` });
    if (f.status === "reading") this.bars.set(f.id, bar);
    const status = f.status === "reading" ? h("span", {}, bar, " ", this.cancelButton(f.id))
      : f.status === "error" ? h("span", { class: "error", role: "alert" }, f.error ?? "cannot read", h("br"), "To read it anyway, choose its layout in the list below.")
      : f.status === "cancelled" ? h("span", { class: "warn" }, "cancelled")
      : h("span", {}, `${f.records?.offset.length.toLocaleString("en-US") ?? 0} records${f.millis !== undefined ? ` in ${Math.round(f.millis)} ms (reading ${Math.round(f.readMillis ?? 0)} ms)` : ""}`);
    const sha = h("code", { class: "sha", title: f.sha256 ?? "" }, f.sha256 ? `SHA-256 ${f.sha256}` : f.status === "ready" ? "SHA-256 …" : "");
    return h("li", { class: "file", "data-status": f.status },
      h("strong", {}, f.name), ` ${sizeText(f.blob.size)} (${f.blob.size.toLocaleString("en-US")} bytes)${f.gzip ? ", gzip" : ""}`,
      // what the log held is said by the warnings (WAL_APPLIED), once read
      f.wal ? ` with its -wal (${f.wal.size.toLocaleString("en-US")} bytes) ` : " ",
      status, h("br"), layouts, ` ${confidence} `, btmp, " ",
      h("button", { type: "button", onclick: () => this.events.onRemove(f.id), "aria-label": `Remove ${f.name}` }, "Remove"),
      h("br"), sha,
      ...(f.warnings.length ? [h("details", {}, h("summary", {}, `${f.warnings.length} warning${f.warnings.length > 1 ? "s" : ""}`), ...f.warnings.map((w) => h("div", {}, w)))] : []));
  }
}
