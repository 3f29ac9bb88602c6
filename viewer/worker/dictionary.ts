// The strings of every file in one list, each kept once: the columns carry
// numbers into it. Only the strings added since the last message are sent,
// so the page's copy grows in step with this one.
export class Dictionary {
  private readonly ids = new Map<string, number>([["", 0]]);
  private readonly list: string[] = [""];
  /** The page starts with "" too. */
  private sent = 1;

  id(text: string | undefined): number {
    if (text === undefined || text === "") return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(text, id);
      this.list.push(text);
    }
    return id;
  }

  text(id: number): string {
    return this.list[id] ?? "";
  }

  /** The strings added since the last call, and the id of the first of them. */
  unsent(): { dictStart: number; strings: string[] } {
    const dictStart = this.sent;
    this.sent = this.list.length;
    return { dictStart, strings: this.list.slice(dictStart) };
  }
}
