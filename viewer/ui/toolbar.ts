// The bar above the table: the time zone, the global search (filter or
// highlight, with next-match), the counts, and the exports of the view.
import { h } from "../dom.ts";
import { zoneNames } from "../time.ts";
import type { ExportFormat } from "../protocol.ts";

export interface ToolbarEvents {
  onZone(zone: string): void;
  onSearch(text: string, mode: "filter" | "highlight"): void;
  onNextMatch(): void;
  onExport(format: ExportFormat): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly counts: HTMLElement;

  constructor(events: ToolbarEvents) {
    const zone = h("select", { "aria-label": "Time zone", onchange: (e: Event) => events.onZone((e.target as HTMLSelectElement).value) },
      ...zoneNames().map((z) => h("option", { value: z }, z)));
    let timer = 0;
    const search = h("input", { type: "search", placeholder: "user, host, address, line, id, type, pid", "aria-label": "Search records",
      oninput: () => { clearTimeout(timer); timer = window.setTimeout(() => events.onSearch(search.value, mode.value as "filter" | "highlight"), 150); },
      onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === "Enter") events.onNextMatch(); } });
    const mode = h("select", { "aria-label": "Search mode", onchange: () => events.onSearch(search.value, mode.value as "filter" | "highlight") },
      h("option", { value: "filter" }, "filter"), h("option", { value: "highlight" }, "highlight"));
    const next = h("button", { type: "button", onclick: () => events.onNextMatch() }, "Next match");
    this.counts = h("span", { class: "counts", role: "status", "aria-live": "polite" }, "No records yet");
    const label = { csv: "CSV", ndjson: "NDJSON", utmpdump: "utmpdump", parquet: "Parquet" } as const;
    const exports = (["csv", "ndjson", "utmpdump", "parquet"] as const).map((f) =>
      h("button", { type: "button", onclick: () => events.onExport(f), title: `Save the rows shown, in this order, as ${label[f]}` }, label[f]));
    this.element = h("div", { class: "toolbar" },
      h("label", {}, "Zone ", zone), h("label", {}, "Search ", search), mode, next, this.counts,
      h("span", { class: "exports" }, "Export view: ", ...exports));
  }

  setCounts(text: string): void {
    this.counts.textContent = text;
  }
}
