// "Did you mean" for unknown keys and rule ids: near misses by spelling, case, Terraform-style
// snake_case, a shortened prefix, or a few names users bring from elsewhere.
import { distance } from "fastest-levenshtein";

/** Names users plausibly bring from ZITADEL's own config, the Terraform provider or plain English. */
const KNOWN_ALIASES: Readonly<Record<string, string>> = {
  maxattempts: "maxPasswordAttempts",
  organizations: "orgs",
  organisations: "orgs",
  organization: "orgs",
  url: "server",
  protected: "protect",
};

const normalize = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");

export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const w = normalize(word);
  if (w === "") return undefined;
  const exact = candidates.find((c) => normalize(c) === w);
  if (exact) return exact;
  const alias = KNOWN_ALIASES[w];
  if (alias && candidates.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(w, normalize(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  if (best !== undefined && bestDistance <= allowed) return best;
  // Swapped letters ("nmae") cost two edits but are one slip of the fingers.
  const letters = (s: string) => [...s].sort().join("");
  const anagram = candidates.find((c) => letters(normalize(c)) === letters(w));
  if (anagram) return anagram;
  return w.length >= 4 ? candidates.find((c) => normalize(c).startsWith(w)) : undefined;
}

/** ` Did you mean "x"?` or ` Expected one of: a, b, c.` — the tail of an "unknown ..." message. */
export function suggestionTail(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  if (match) return `; did you mean "${match}"?`;
  return candidates.length > 0 ? `; expected one of: ${candidates.join(", ")}` : "";
}
