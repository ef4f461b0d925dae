/** The twelve topics a role profile can cover, in the order a full profile presents them. */
export const TOPICS = [
  'overview',
  'responsibilities',
  'skills',
  'soft-skills',
  'education',
  'career-path',
  'market',
  'salary',
  'trends',
  'best-practices',
  'challenges',
  'related',
] as const;

export type Topic = (typeof TOPICS)[number];

/** Every intent the advisor can return: a topic, or one of the three non-topic intents. */
export const INTENTS = [...TOPICS, 'roles', 'help', 'unknown'] as const;

export type Intent = (typeof INTENTS)[number];

/** The `##` heading that introduces each topic in a knowledge file, and the label buttons show. */
export const TOPIC_HEADINGS: Readonly<Record<Topic, string>> = {
  overview: 'Overview',
  responsibilities: 'Responsibilities',
  skills: 'Skills',
  'soft-skills': 'Soft skills',
  education: 'Education',
  'career-path': 'Career path',
  market: 'Market',
  salary: 'Salary',
  trends: 'Trends',
  'best-practices': 'Best practices',
  challenges: 'Challenges',
  related: 'Related roles',
};

const headingToTopic = new Map<string, Topic>(TOPICS.map((topic) => [TOPIC_HEADINGS[topic].toLowerCase(), topic]));

/** Maps a `##` heading to its topic, or `undefined` when the heading is not one of the twelve. */
export function topicForHeading(heading: string): Topic | undefined {
  return headingToTopic.get(heading.trim().toLowerCase());
}

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
