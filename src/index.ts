// utmpx: read the Unix user-accounting databases of any system, anywhere.
// The public API; this file only re-exports (see ARCHITECTURE.md).
export { Database, type OpenOptions } from "./read/database.ts";
export { Lastlog } from "./read/lastlog.ts";
export { stream, type StreamOptions, type StreamSource } from "./read/stream.ts";
export { openAll, inTimeOrder } from "./read/openAll.ts";
export type { EntryFilter } from "./core/filter.ts";
export { Entry, type ExitStatus, type RawFields, type EntryObject } from "./core/entry.ts";
export { EntryBatch } from "./core/batch.ts";
export { RECORD_FLAGS, type EntryColumns, type RecordBatch } from "./core/recordBatch.ts";
export * from "./layouts/entryType.ts";
export { LAYOUTS, findLayout, type Layout, type LayoutFields } from "./layouts/table.ts";
export { detect, type Detection, type Candidate, type DetectOptions } from "./detect/detect.ts";
export { UtmpError, UtmpErrorCode, type UtmpWarning } from "./util/errors.ts";
export { init } from "./core/core.ts";
export { defaultPaths } from "./sources/defaultPaths.ts";
export { formatIPv4, formatIPv6 } from "./util/address.ts";
export { utmpdumpLine, utmpdumpBatch } from "./format/utmpdump.ts";
export { encode, type EntryInput } from "./write/encode.ts";
export { sessions, type Session, type SessionRecord, type SessionStatus, type SessionKind, type SessionTime, type SessionsOptions, type RecordRef } from "./sessions/sessions.ts";
export { formatLast, LastFormatter, lastAddress, type LastFormatOptions, type LastTimeFormat } from "./format/last.ts";
export { parseTimestamp } from "./time/timestamp.ts";
export { login, logout, boot, shutdown, type AccountingFiles, type LoginInfo } from "./sessions/accounting.ts";
export type { AppendOptions } from "./write/write.ts";
export { parseAddress } from "./util/parseAddress.ts";
export { open, openLastlog, lastlogFromBytes, fromBytes, fromBlob } from "./read/open.ts";
export { utmp, wtmp, btmp, lastlog } from "./read/system.ts";
