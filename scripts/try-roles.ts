import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { RoleMatcher } from '../src/core/nlu/roles.ts';
const k = await loadKnowledge('knowledge');
const m = new RoleMatcher(k.roles);
for (const q of process.argv.slice(2)) console.log(q, '→', JSON.stringify(m.find(q).map((x) => [x.slug, +x.score.toFixed(2)])), 'lenient:', JSON.stringify(m.find(q, { lenient: true }).map((x) => x.slug)));
