import { describe, expect, it } from 'vitest';
import { IntentClassifier, ROLE_TOKEN } from '../../src/core/nlu/classifier.ts';
import { maskRoles, roleWordsOf } from '../../src/core/nlu/model.ts';
import { canonicalTokens } from '../../src/core/nlu/vocabulary.ts';
import type { Intent } from '../../src/core/topics.ts';
import { realKnowledge } from '../helpers.ts';

const tokens = (text: string) => canonicalTokens(text);

/** A few questions per intent, each intent with its own words, so a model of them must tell them apart. */
const small: Array<{ tokens: string[]; intent: Intent }> = [
  ...['how much does it pay', 'what is the salary', 'salary range please', 'how much do they earn', 'pay for it'].map((q) => ({
    tokens: tokens(q),
    intent: 'salary' as Intent,
  })),
  ...['what skills do i need', 'which skills matter', 'skills to learn', 'what tools should i know', 'tech stack needed'].map((q) => ({
    tokens: tokens(q),
    intent: 'skills' as Intent,
  })),
  ...['how do i bake bread', 'best pizza in town', 'recipe for soup', 'weather tomorrow', 'who won the match'].map((q) => ({
    tokens: tokens(q),
    intent: 'unknown' as Intent,
  })),
];

describe('intent classifier', () => {
  it('trains the same model from the same questions, and the snapshot form predicts the same probabilities', () => {
    const a = IntentClassifier.train(small, { minDf: 1 });
    const b = IntentClassifier.train(small, { minDf: 1 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    const copy = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    const pa = new Float32Array(a.intents.length);
    const pc = new Float32Array(copy.intents.length);
    for (const q of ['how much would i earn', 'skills for the job', 'bread recipe', 'zzz qqq']) {
      expect(copy.probabilities(tokens(q), pc)).toBe(a.probabilities(tokens(q), pa));
      expect([...pc]).toEqual([...pa]);
      expect(pa.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    }
  });

  it('learns the intents of its questions, with the averaged weights and without them', () => {
    for (const averageFrom of [1, -1]) {
      const model = IntentClassifier.train(small, { minDf: 1, averageFrom, epochs: 8 });
      expect(model.predict(tokens('what does it pay')).intent).toBe('salary');
      expect(model.predict(tokens('which skills should i learn')).intent).toBe('skills');
      expect(model.predict(tokens('a recipe for bread')).intent).toBe('unknown');
    }
  });

  it('keeps a model serialized before word trigrams were an option readable, and one with them', () => {
    const plain = IntentClassifier.train(small, { minDf: 1 }).toJSON();
    const { trigrams: _, ...old } = plain;
    const out = new Float32Array(plain.intents.length);
    expect(IntentClassifier.fromJSON(old).probabilities(tokens('how much do they pay'), out)).toBe(plain.intents.indexOf('salary'));
    const withTrigrams = IntentClassifier.train(small, { minDf: 1, trigrams: true });
    expect(withTrigrams.toJSON().trigrams).toBe(true);
    expect(withTrigrams.size).toBeGreaterThan(IntentClassifier.train(small, { minDf: 1 }).size);
    expect(IntentClassifier.fromJSON(withTrigrams.toJSON()).predict(tokens('salary range')).intent).toBe('salary');
  });

  it('reads a question it has no feature of as its priors, and a masked role as one token', async () => {
    const model = IntentClassifier.train(small, { minDf: 1 });
    const out = new Float32Array(model.intents.length);
    model.probabilities(['xqzv'], out);
    const again = new Float32Array(model.intents.length);
    model.probabilities([], again);
    expect([...out]).toEqual([...again]);
    const roleWords = roleWordsOf((await realKnowledge()).roles);
    expect(maskRoles(tokens('how much does a staff ml architect make'), roleWords)).toContain(ROLE_TOKEN);
  });

  it('trains the shipped model from knowledge/intents with out of scope among its intents', async () => {
    const knowledge = await realKnowledge();
    const roleWords = roleWordsOf(knowledge.roles);
    const examples = (knowledge.intents ?? []).flatMap((set) =>
      set.examples.map((e) => ({ tokens: maskRoles(canonicalTokens(e.text), roleWords), intent: set.intent })),
    );
    const model = IntentClassifier.train(examples);
    expect(model.intents).toContain('unknown');
    // (The bare model reads "what does a <role> earn" about evenly as salary or out of scope since the seventh corpus
    // batch and its many "what does a <other job> do" questions; the resolver's lexicon makes it salary.)
    expect(model.predict(maskRoles(tokens('how much does a staff ml architect earn'), roleWords)).intent).toBe('salary');
    expect(model.predict(maskRoles(tokens('can you recommend a good pizza place'), roleWords)).intent).toBe('unknown');
  });
});
