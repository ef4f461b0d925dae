/**
 * Every threshold the resolver decides by, in one place. Scores of the lexicon are sums of word weights (a sure topic
 * word weighs 3–6); role scores are the share of a role name's weight found in the question (0..1).
 */
export const THRESHOLDS = {
  /** Share of a name's weight a question must contain for the role to count as named. */
  roleMatch: 0.6,
  /** The same, in follow-ups and comparisons, where a bare "lead" or "infra" is enough. */
  roleLenient: 0.3,
  /** Share a name must reach to be offered under "did you mean". */
  roleNearest: 0.25,
  /** Lexicon score that names a topic in a free-text question. */
  topicWord: 1.5,
  /** Lexicon score that names a topic in a command argument, or a topic asked across roles with no role named. */
  topicSure: 2.5,
  /** Section-index score above which its best section names the topic when the lexicon had nothing. */
  searchTopic: 8,
  /** The lexicon score of a topic that sets the answer's confidence to 1 (lower scores scale it down). */
  topicFullConfidence: 3,
  /** Confidence of an answer about a role with no topic named (its role card). */
  cardConfidence: 0.8,
  /** Lowest confidence of an answer taken from the conversation's context: a follow-up is not a guess. */
  followUpConfidence: 0.6,
  /** Share of the intent decision the lexicon keeps when it matched anything (the classifier has the rest). */
  lexiconWeight: 0.2,
  /**
   * Added to the classifier’s log-odds of out of scope before the mix (×e^1 ≈ 2.7 on its odds). 5-fold CV: 0 → 0.6
   * took out-of-scope recall from 95.0% to 95.7% at the same joint accuracy; on the corpus with the seventh batch
   * (13,091 turns), 0.6 → 1.0 together with {@link helpProbability} 0.6 → 0.5: out-of-scope recall +4–5 questions of
   * 1,301 and joint +1–14 turns over three training orders (1.0 alone: OOS +0.3–0.6 points, joint −12…+4).
   */
  unknownLogit: 1.0,
  /** How sharply lexicon scores turn into probabilities (softmax temperature, per point of score). */
  lexiconTemperature: 1.5,
  /** Probability (classifier and lexicon mixed) at which the best topic counts as named by the question. */
  topicProbability: 0.1,
  /** In a follow-up with no sure topic word, the probability a new topic needs to replace the context's topic. */
  topicOverContext: 0.7,
  /** In a follow-up that reads as ellipsis, longer than {@link shortFollowUpWords} ("how do good ones handle it"), the probability a new topic needs to replace the context's. */
  topicOverEllipsis: 0.9,
  /** Probability above which help or the role list wins even when the message has other content words (0.6 → 0.5 with {@link unknownLogit} 1.0: help recall +1.1 points in CV). */
  helpProbability: 0.5,
  /** Probability a comparison's topic needs when no sure topic word names it; below, the comparison is an overview. */
  compareTopicProbability: 0.5,
  /** Probability at which help or the role list wins over role words in a message outside a conversation ("what AI/ML careers do you have data on"). */
  helpOverRoles: 0.95,
  /** Probability at which the role list asked for wins over another profession named beside it ("…is data analyst one of them?"). */
  rolesOverOtherProfession: 0.95,
  /**
   * Probability of out of scope that wins over role words naming no role fully (a word or two of a name: "UX
   * researcher", "system design interviews"), outside a conversation, topic words or not. 5-fold CV (with the rule
   * reaching partial matches of up to two words, not only those under {@link roleMatch}, whatever the topic words):
   * 0.8 → 0.5 took out-of-scope recall 95.3% → 96.2% and joint 9,645 → 9,652 of 10,083 (+5–7 over three training
   * orders; 0.6: +3–4; 0.4 the same as 0.5).
   */
  unknownOverThinRoles: 0.5,
  /** Most words of a partial role match that {@link unknownOverThinRoles} may overrule (three: +1 CV turn less). */
  thinMatchWords: 2,
  /** In a conversation, the probability out of scope needs to win over following the conversation up, when no topic word or ellipsis points back. */
  unknownInConversation: 0.9,
  /** In a conversation, the probability help or the role list needs when no help or list word asks for it. */
  helpInConversation: 0.8,
  /** A message of at most this many words, in a conversation, follows it up unless it is out of scope. */
  shortFollowUpWords: 4,
  /** A message of at most this many words, all help words or filler ("hey bot", "help pls"), is a hello. */
  helloWords: 3,
  /** Lexicon score of a sure word (or words): the lexicon then keeps {@link lexiconSureWeight} of the decision. */
  lexiconSure: 3,
  lexiconSureWeight: 0.3,
} as const;
