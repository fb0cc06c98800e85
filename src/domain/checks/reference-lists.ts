import type { ReferenceLists } from './check-context.js';
import type { DomainUse, Wordlist } from './wordlist-types.js';

/** Collects the lists consulted by name (sources, link domains) from the loaded word lists. */
export function referenceListsOf(wordlists: readonly Wordlist[]): ReferenceLists {
  const entriesOf = (keep: (list: Wordlist) => boolean): string[] =>
    wordlists.filter(keep).flatMap((list) => list.entries.map((entry) => entry.text));
  const domains = (use: DomainUse) => entriesOf((list) => list.type === 'domains' && list.use === use);
  return {
    sources: entriesOf((list) => list.type === 'sources'),
    allowedDomains: domains('allowed'),
    shortenerDomains: domains('shortener'),
    commerceDomains: domains('commerce'),
  };
}
