// Findings about bytes read where records stop aligning: kept, but saying so.
import type { FindingBody } from "./finding.ts";

/**
 * Findings about records that lie where records stop aligning (bytes inserted
 * or removed before them) are about bytes read at the wrong place: zero times
 * there are chkwtmp's too, so they stay, but they say so.
 */
export function withinMisaligned(bodies: FindingBody[], recordSize: number): FindingBody[] {
  const regions = bodies.filter((b) => b.kind === "misaligned-records").map((b) => [b.offset!, b.offset! + b.records * recordSize] as const);
  if (regions.length === 0) return bodies;
  return bodies.map((b) => {
    const region = b.kind !== "misaligned-records" && b.offset !== null ? regions.find(([from, to]) => b.offset! >= from && b.offset! < to) : undefined;
    if (!region) return b;
    return { ...b, explanation: `${b.explanation} (but these records lie where records stop aligning, from offset ${region[0]}: read as records, their bytes are not)`,
      details: { ...b.details, misalignedFrom: region[0] } };
  });
}
