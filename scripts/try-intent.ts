import { scoreIntents } from '../src/core/nlu/intent.ts';
import { canonicalTokens } from '../src/core/nlu/vocabulary.ts';
for (const q of process.argv.slice(2)) { const t = canonicalTokens(q); const s = scoreIntents(t); console.log(q, t.join(' '), '→', s.best, s.score, s.second); }
