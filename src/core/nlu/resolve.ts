/**
 * The resolver: text (+ the conversation's context) → {@link Query}. It has one job, reading the message; building
 * the answer is compose's. Every threshold it uses is in `thresholds.ts`, and every decision leaves a reason.
 *
 * Order of reading: commands (the shared grammar) first; then free text — normalised once; its language told (and
 * an understood foreign one put into English words); canonical tokens; role mentions found by the role matcher and
 * sorted into subjects and background ("I'm a senior MLE, how do I become a lead" is about the lead); the intent from
 * the trained classifier mixed with the lexicon; then the conversation's context for pronouns, "the X one", "which
 * of the two" and ellipsis.
 */
import { parseCommand } from '../query.ts';
import { INTENTS, isTopic, TOPICS, type Intent, type Topic } from '../topics.ts';
import type { ConversationContext, Knowledge, Query } from '../types.ts';
import type { IntentClassifier } from './classifier.ts';
import { classifierFor, maskRoles, roleWordsOf } from './model.ts';
import { isLexiconWord, scoreIntents, type IntentScores } from './intent.ts';
import { readLanguage, type WordKnowledge } from './language.ts';
import { normalizeText, singular } from './normalize.ts';
import { RoleMatcher, type RoleMention } from './roles.ts';
import { THRESHOLDS } from './thresholds.ts';
import {
  canonicalize,
  canonicalTokens,
  knowledgeVocabulary,
  OFF_TOPIC_WORDS,
  OTHER_PROFESSIONS,
  ROLE_NOUNS,
  TRAINEE_NOUNS,
} from './vocabulary.ts';

const FOLLOW_UP =
  /^(?:what|wat|how) about\b|^i mean\b|\bones?\b|^and\b|^same\b|^(?:and )?(?:for|with) (?:a |an |the )?\w+\s*\??$|^how does (?:that|this|it) compare|^compared? (?:to|with)\b|^vs\b|^versus\b|^what of\b|^ok(?:ay)? (?:and|what|how)\b|^now\b|^also\b|^then\b/;
const COMPARE = /\b(?:vs|versus|compare|compared|comparison|difference|differences|differ|between|or|better|than)\b/;
/** Words that may stand before a job noun without qualifying it ("a good architect", "become an engineer"). */
const FILLER = new Set(
  'a an the of for to as my your be become good great top best is are do doe what how much many which who any some all other new senior junior lead staff principal only just also even mostly mainly'.split(
    ' ',
  ),
);
/** Words too common to say what a question is about. */
const CONTENT_STOP = new Set([
  'the',
  'and',
  'for',
  'you',
  'your',
  'are',
  'what',
  'how',
  'who',
  'why',
  'when',
  'where',
  'which',
  'doe',
  'does',
  'can',
  'could',
  'would',
  'should',
  'will',
  'need',
  'needs',
  'want',
  'get',
  'got',
  'have',
  'has',
  'had',
  'with',
  'about',
  'this',
  'that',
  'these',
  'those',
  'they',
  'them',
  'their',
  'there',
  'then',
  'than',
  'just',
  'really',
  'any',
  'some',
  'all',
  'much',
  'many',
  'more',
  'most',
  'very',
  'also',
  'too',
  'not',
  'now',
  'one',
  'ones',
  'like',
  'please',
  'thank',
  'thanks',
  'someone',
  'anyone',
  'tell',
  'know',
  'give',
  'show',
  'let',
  'mean',
  'lol',
  'lmao',
  'bro',
  'pls',
  'hey',
  'okay',
  'yeah',
  'yes',
  'nope',
  'actually',
  'even',
  'typically',
  'usually',
  'generally',
  'being',
  'been',
  'was',
  'were',
  'into',
  'from',
  'its',
  'it',
  'our',
  'out',
  'here',
  'there',
  'people',
  'person',
  'guy',
  'guys',
  'folk',
  'job',
  'role',
  'career',
  'work',
  'field',
  'thing',
  'stuff',
  'kind',
  'type',
  'good',
]);
const THAT_COMPARE =
  /\b(?:compare|compared|comparison|vs|versus|than|similar|differ|differs|different|difference|against|in line with|relative to|same as|the same|stack up|separates?|distinguish(?:es)?|apart from|overlaps?|par rapport|comparad[oa]|im vergleich|verglichen|em comparacao)\b|\b(?:that|it|this) or\b|\bor (?:that|it|this)\b/;
/** In a follow-up that names a new role ("and the research manager, earns more?"), a comparison with the one before. */
const COMPARATIVE = /\b(?:more|less|better|worse|higher|lower|bigger|smaller)\b/;
/** "junior ones more", "a senior one": a role named by itself, whatever comparative follows. */
const ELLIPTIC_ONE = /\b(?!which\b|this\b|that\b|the\b|each\b|any\b|every\b)[a-z]+ ones?\b/;
/** Words that say what a new role is compared with ("compare to it", "vs", "more than"), or point back at it. */
const COMPARED_TO = new Set(
  'compare compared comparison vs versus than similar differ differs different difference against same stack line relative more less better worse higher lower bigger smaller that this it them those'.split(
    ' ',
  ),
);
/** Words before a bare title word that rank or contrast it with a role named in full ("above lead", "than a staff"). */
const RANKS = new Set(['above', 'below', 'over', 'under', 'than', 'vs', 'versus', 'unlike', 'for']);
/** "how is that different for…": the same question for another role, not a comparison with it. */
const DIFFERENT_FOR = /\b(?:differ|differs|different|differently) for\b/;
/** Pronouns that point back at the context's role in a comparison ("does that pay more?"). */
const POINTS_BACK = new Set(['that', 'this', 'it', 'them', 'those']);
/** "how does/would/is <role> compare…": the role is the comparison's subject. */
const HOW_AUX = new Set(['does', 'doe', 'do', 'would', 'will', 'is', 'did']);
const PRONOUN = /\b(?:that|this|it|them|those)\b/;
/** Words that point back at the roles of the conversation ("what do they do all day?", "related to it"). */
const REFERS_BACK = /\b(?:it|its|they|them|their|theirs|this role|that role|this job|that job|this one|that one|those|these|he|she)\b/;
/** "which of the two pays better?", "compare them", "both": the last two roles of the conversation side by side. */
/** "which of those / these / them…" (no number): all the roles discussed. */
const ALL_OF_THEM = /\bwhich of (?:those|these|them)\b(?! two\b)/;
const THE_THREE = /\b(?:those|these|the|all) (?:three|3)\b|\brank (?:them|those|these)\b/;
/** "which one has better job security?": a choice between the last two roles. */
const WHICH_BETTER =
  /\bwhich(?: one(?: s)?)? (?:is|has|pays|makes|gets|offers|would|should|of)\b.*\b(?:better|more|higher|less|lower|best|most|easier|harder)\b|\bwhich one(?: s)? (?:more|less|better|higher|lower|easier|harder)\b/;
const THE_TWO =
  // (…and "welcher von beiden", "cuál de los dos", "lequel des deux", "qual dos dois".)
  /\b(?:welche[rs]?|wer) von (?:den )?beiden\b|\b(?:cual|quien) de (?:los|las) dos\b|\b(?:lequel|laquelle) des deux\b|\bqual (?:dos dois|das duas)\b|\b(?:which|who|what) of (?:the|these|those|them|'?em)?\s*(?:two|both|2)\b|\b(?:the|these|those) (?:two|2)\b|\bboth\b|\bcompare them\b|\bbetween them\b|\bof them\b/;
/**
 * A choice or a comparison between the last roles discussed, said without naming them: "which one should I aim for",
 * "which one would suit…", "are those basically the same job", "pay gap?".
 */
const WHICH_OF_THEM =
  /\bwhich one(?: s)? (?:should|would|could|will|suits?|fits?|is|has|pays|makes|do|does|for|to)\b|\b(?:(?:are|were) (?:those|these|they)|they re) (?:\w+ ){0,2}(?:the same|similar|different|alike|related|interchangeable)\b|^(?:\w+ ){0,2}(?:gap|difference|diff|overlap)$/;
/** "the junior one", "ok the ML systems one": one of the roles shown last, named by a word of its name. */
const THE_X_ONE = /\b(?:the|that|this) ([a-z0-9 ]+?) (?:one|role|position|job)\b|^(?:ok |okay |and |so )?the ([a-z0-9]+(?: [a-z0-9]+)?)$/;
/**
 * "the first one", "the second one's salary", "from the first to the second", "the latter", "that last one", "the other
 * one": a role by its place ("the other", not "the other roles" nor "on the other hand").
 */
const ORDINAL =
  /\bthe (first|second|third|fourth|1st|2nd|3rd|4th)(?= (?:one|ones|role|job|option|to|then)\b|$)|\b(?:the|that) (last) one\b|\bthe (former|latter)\b|(?<!\bon )\bthe (other)\b(?! (?:hand|[a-z]+s)\b)/g;
const ORDINAL_INDEX: Readonly<Record<string, number>> = {
  first: 0,
  '1st': 0,
  former: 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  latter: -1,
  last: -1,
};
/** A move from one role to another: "from A to B", "become B", "move up to B", "get to B". */
const TRANSITION =
  /\bfrom\b.*\bto\b|\b(?:become|becoming|transition|transitioning|move|moving|get|getting|go|going|switch|switching|pivot|pivoting|step|promoted|promotion|path|roadmap|jump|climb)\b.*\b(?:to|into|towards?)\b|\bbecom(?:e|ing)\b/;
/** Words just before a role that make it the asker's background ("I'm a", "currently", "from", "as a former"). */
const BACKGROUND_CUES = new Set([
  'currently',
  'from',
  'im',
  'am',
  'was',
  'ex',
  'former',
  'formerly',
  'been',
  'coming',
  'already',
  'now',
  'after',
  'beyond',
  // "soy / sou / je suis / ich bin senior ML engineer": "I'm" in the understood languages.
  // "as a junior MLE, …", "2 yoe as an ML infra architect"
  'as',
  'soy',
  'sou',
  'suis',
  'bin',
]);
/** Words before a role that say it is the asker's own, in a statement about themselves ("I'm a", "been a", "soy"). */
const SELF_CUES = new Set(['im', 'am', 'been', 'currently', 'soy', 'sou', 'suis', 'bin']);
/** Words a move's target is said after, and the pronouns that point back at the conversation's role as that target. */
const MOVE_TO = new Set(['to', 'into', 'toward', 'towards']);
const MOVE_TO_IT = new Set(['that', 'it', 'this', 'them']);
/** Verbs whose "for" names the role sought: "applying for", "interviewing for", "an offer for", "aim for". */
const SOUGHT_FOR = new Set(['apply', 'applying', 'applied', 'interview', 'interviewing', 'offer', 'aim', 'aiming', 'going', 'gunning']);
/** Words just before a role that make it the target ("to", "into", "become"). */
const TARGET_CUES = new Set(['to', 'into', 'become', 'becoming', 'toward', 'towards', 'reach', 'get', 'till', 'until']);
/**
 * The bot's list of roles asked for in so many words: a list noun and the bot in the second person ("what careers do
 * you know?", "show me all the jobs you know about", "every AI career you have", "what titles can you compare").
 */
const LIST_ASKED =
  /\b(?:careers?|jobs?|roles?|titles?|positions?|professions?)\b(?: \w+){0,2} (?:(?:do|can|could|did|would) )?(?:you|u|ya) (?:\w+ )?(?:know|have|cover|compare|support|track|list|got|offer)\b/;
/**
 * A message that opens by introducing the asker ("I'm a backend dev with 6 yoe", "hello, my name is Daniel and I work
 * in QA", "morning, I've been a data engineer for a while"), after at most a greeting and three words. With no ask
 * word ({@link INTRODUCTION_ASKS}) and no question mark, it is a hello whatever the model makes of the background.
 * After "I'm" it takes an article, a word of circumstance or a number of years ("I'm bored" introduces no one).
 */
const INTRODUCES =
  /^(?:(?:hi|hey|hello|hiya|yo|morning|evening|greetings|good morning)(?: \w+){0,3}? )?(?:(?:i m|im|i am) (?:(?:a|an) (?!bit\b|little\b|lot\b)|(?:currently|now|working|studying|doing|in|at|from|on|new|part|based|self|still|just|also)\b|(?:\w+ ){1,3}(?:for|with|since) (?:\d+|a|the|over|almost|about)\b)|(?:i ve|ive) been (?:a|an|in|at|working|doing|studying|\w+ \w+ for)\b|my name is|i work (?:in|at|as|on|for)\b|i (?:did|run|lead|manage) (?:a|an|the|my)\b|i just (?:joined|started|finished|graduated)\b)/;
/** Words that ask something even without a question mark: an introduction with one of these is not only a hello. */
const INTRODUCTION_ASKS =
  /\b(?:what|whats|how|which|why|when|where|who|should|can|could|would|will|tips?|advice|want|wanna|looking|thinking|considering|wondering|curious|torn|need|tell|explain|compare|vs|versus|worth|does|any|recommend|switch|switching|move|moving|become|becoming|transition|plan|planning|hoping|trying|interested|aiming|pivot|pivoting|salary|pay|help|show|list)\b/;
/** {@link INTRODUCES} without {@link INTRODUCTION_ASKS}: the asker introduced, nothing asked. */
function introducesOnly(norm: string): boolean {
  return INTRODUCES.test(norm) && !INTRODUCTION_ASKS.test(norm);
}
/**
 * A pay figure: "$165,000", "$190k", "165k", "335K", "150 mil" (Spanish and Portuguese thousands), 30,000 and up; a
 * market size in billions or millions, a "12k" bootcamp or "10k GPUs" is none.
 */
const PAY_FIGURE =
  /(?:\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(k)?|\b(\d{2,3})(?:\.\d+)?\s?(k|mil))\b(?!\s*(?:b|bn|m|mm|billion|million|trillion|gpus?|users?|followers|people|employees)\b)/gi;
function quotesPay(text: string): boolean {
  if (!/\d/.test(text)) return false;
  for (const m of text.matchAll(PAY_FIGURE)) {
    const dollars = m[1] !== undefined ? Number(m[1].replace(/,/g, '')) * (m[2] ? 1000 : 1) : Number(m[3]) * 1000;
    if (dollars < 30_000 || dollars >= 10_000_000) continue;
    // (What money costs is no pay: "tuition of $60,000", "200k in student debt", "a $40k bootcamp".)
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
    if (MONEY_SPENT.test(before) || MONEY_SPENT.test(after)) continue;
    return true;
  }
  return false;
}
const MONEY_SPENT = /\b(?:tuition|costs?|debt|loans?|budget|price|priced|spend|spent|saved|savings|fees?|bootcamp|course|mortgage|rent)\b/i;
/**
 * A task asked of the bot: "can you write me a cover letter for it", "also can you fix my python bug", "book me a
 * flight", "proofread my resume". The bot must be the one asked ("can you…", an imperative at the start, "… me"):
 * "do staff ML architects still write code" describes the job. A summary, overview or comparison asked for is an
 * answer the bot gives ("can you write a summary of the lead ML architect role").
 */
const TASK_REQUEST =
  /(?:\b(?:can|could|would|will) (?:you|u|ya) (?:please |pls |plz |just |also )?(?:write|fix|debug|code|book|translate|draft|edit|proofread|solve|schedule|refactor|rewrite|implement|deploy|grade)|^(?:\w+ )?(?:please |pls |plz )?(?:write|fix|debug|draft|proofread|rewrite|book|translate))\b(?! (?:me )?(?:a |an |the )?(?:short |quick |brief )?(?:summary|overview|comparison|list|breakdown|rundown)\b)|\b(?:write|fix|debug|draft|proofread|rewrite|book) me\b/;
/** Two tools, frameworks or platforms set against each other ("pytorch or tensorflow", "kubeflow vs airflow"). */
const TOOLS =
  '(?:pytorch|tensorflow|tf|jax|keras|pinecone|weaviate|milvus|qdrant|chroma|airflow|kubeflow|mlflow|aws|gcp|azure|python|java|julia|rust|scala|golang|spark|flink|kafka|databricks|snowflake|sagemaker|docker|kubernetes|k8s|langchain|llamaindex|vscode|pycharm|vim|emacs)';
const TOOL_CHOICE = new RegExp(`\\b${TOOLS} (?:or|vs|versus) ${TOOLS}\\b`);
/** Help for a hello: as sure as the model's help, and at least as sure as a follow-up. */
function hello(best: { intent: Intent; p: number }, reasons: string[]): Query {
  return { kind: 'help', roles: [], confidence: Math.max(best.intent === 'help' ? best.p : 0, THRESHOLDS.followUpConfidence), reasons };
}
/** The nouns a list of careers is asked for by. */
const LIST_NOUNS = new Set([
  'career',
  'careers',
  'job',
  'jobs',
  'role',
  'roles',
  'title',
  'titles',
  'position',
  'positions',
  'profession',
  'professions',
  'paths',
]);
/** The bot named as such ("this bot", "the career advisor"); with {@link ASKS}, a question about the bot. */
/**
 * The bot addressed in the second person about itself: how to ask it, what it is for, what it covers ("how do I get
 * the most out of you?", "how am I meant to talk to you", "what are your capabilities", "do you only do AI jobs").
 */
const BOT_ADDRESSED =
  /\b(?:ask|talk to|use|out of|trust|rely on) (?:you|u|ya)\b|\byour (?:capabilities|features|commands|limits|scope|purpose|sources|coverage)\b|\bwhat (?:are |re )?(?:you|u) (?:re |are )?for\b|\bwhat can i ask\b|\b(?:do|can) (?:you|u) only\b|\bwhat (?:do|can) (?:you|u) do\b|\bhow (?:do|does|should|am) (?:you|u|i) (?:work|meant|supposed)\b/;
/** The bot's own workings asked about, with nothing else it could be asked to do ("what are your capabilities"). */
const BOT_ITSELF =
  /^(?:\w+ ){0,2}(?:what (?:are|s|is) )?your (?:capabilities|features|commands|limits|limitations|scope|purpose|coverage)\s*$|^(?:\w+ ){0,2}what (?:are |re )?(?:you|u) (?:re |are )?(?:for|capable of)\s*$/;
const ABOUT_THE_BOT = /\b(?:this|the|you|ur|a|career) (?:bot|advisor)\b|\bcareer advisor\b/;
const ASKS = /\b(?:what|how|can|could|which|explain|tell|use|using|work|works|do|does)\b/;
/** The field's own words in a role's name. */
const FIELD_WORDS = new Set(['ml', 'ai']);
const NEGATIONS = new Set(['not', 'no', 'non', 'without']);
/** Words that set the field aside: "traditional, cisco shop", "classic, not ML" (not "coming from classic platform work"). */
const OUTSIDE_THE_FIELD = new Set(['traditional', 'classic', 'classical']);
/** Whether the field word at `p` is set aside ("not the ML one", "no AI", "non-ML"): a negation up to two words before it. */
const setAside = (tokens: readonly string[], p: number) => NEGATIONS.has(tokens[p - 1] ?? '') || NEGATIONS.has(tokens[p - 2] ?? '');
/** A message that sets the field aside ("not ML", "no AI involved", "non-ML", "traditional, cisco shop"). */
const setsFieldAside = (tokens: readonly string[]) =>
  tokens.some(
    (t, i) =>
      (FIELD_WORDS.has(t) && setAside(tokens, i)) || (OUTSIDE_THE_FIELD.has(t) && tokens[i - 1] !== 'from' && tokens[i - 2] !== 'from'),
  );
/** Emoji that greet: a message of only these (and a mention) is a hello. */
const GREETING_EMOJI = /[\u{1F44B}\u{1F64B}\u{270B}\u{1F91A}\u{1F590}]/u;
/** A word standing for a job noun said earlier ("the staff ones", "a junior one"). */
const ELLIPTIC_NOUN = new Set(['one', 'ones']);
/** Words before "from" that make it a comparison, not a background ("different from a junior one"). */
const DIFFER = new Set([
  'differ',
  'different',
  'differently',
  'difference',
  'apart',
  'distinct',
  'separate',
  'separates',
  'distinguish',
  'distinguishes',
]);
/** Verbs whose "n't" after a role makes it a contrast ("…that the lead doesn't", "isn't"). */
const NEGATED = new Set(['doesn', 'isn', 'don', 'aren', 'didn', 'wasn', 'won', 'can', 'hasn', 'haven']);
/** Verbs that "not" negates after a role ("…that the lead is not", "does not"). */
const NEGATABLE = new Set(['is', 'are', 'doe', 'does', 'do', 'has', 'have', 'can', 'will', 'would']);
/** Words before "as" that make it a comparison ("the same as", "as good as"), not the asker's own role. */
const AS_COMPARES = new Set(['same', 'such', 'good', 'well', 'much', 'far', 'high', 'senior', 'hard', 'easy']);
/** "what about the research engineer? same deal?": the question asked before, for another role. */
const SAME_QUESTION = /\bsame (?:deal|question|story|for|again)\b|\bsame$/;
/** Words of a bare ellipsis around a role's name ("and what about the … one?", "how about …s", "und der …"). */
const ELLIPSIS_WORDS = new Set([
  'and',
  'what',
  'how',
  'about',
  'the',
  'a',
  'an',
  'one',
  'ones',
  'ok',
  'okay',
  'so',
  'then',
  'for',
  'same',
  'thing',
  'too',
  'also',
  'um',
  // (…and the understood languages' "and" and articles, role names staying English: "e um senior?", "und der Junior?")
  'e',
  'y',
  'et',
  'und',
  'der',
  'el',
  'le',
]);
/** Words after which "lead" is a verb ("where does it lead", "they lead the team"). */
const VERB_SUBJECTS = new Set(['it', 'they', 'that', 'this', 'who', 'which', 'you', 'i', 'we', 'he', 'she', 'to']);
/** Words after which "lead" is a verb in any message ("where can it lead"); not "that"/"to", which also stand before the role. */
const LEAD_AS_VERB_AFTER = new Set([
  ...'it they he she we you i who'.split(' '),
  ...'can could will would does doe do did may might should'.split(' '),
]);
/** Words before a title word that make it a degree, not a role ("which one is more senior?"). */
const DEGREE = new Set(['more', 'most', 'less', 'least', 'very', 'too']);
/** Words a short hello may carry besides its help words ("hey bot", "hi there", "help pls", "@Career Advisor ???"). */
const HELLO_FILLER = new Set([
  'please',
  'bot',
  'advisor',
  'career',
  'there',
  'anyone',
  'anybody',
  'all',
  'guy',
  'folk',
  'team',
  'again',
  'ok',
  'okay',
  'so',
  'um',
  'uh',
  'hmm',
  'me',
  'lol',
  'you',
  'u',
  'everyone',
  // (…and who is thanked or greeted, and when: "cheers mate", "cya later", "cool ty", "thanks a lot".)
  'mate',
  'man',
  'dude',
  'bro',
  'buddy',
  'later',
  'cool',
  'great',
  'a',
  'lot',
]);
/** Words that may stand between a target cue and its role ("become an ML…", "to be a lead"). */
const TARGET_FILLER = new Set(['a', 'an', 'the', 'be', 'being']);
/** A word right after a role that makes it the asker's own ("senior MLE here, …"). */
/** A topic's own nouns, which ask about a job noun after them and never qualify it ("leadership skills vp ai quality",
 * "rank them by pay: engineer, scientist, manager"). */
const TOPIC_NOUNS = new Set(['skill', 'pay', 'salary', 'comp', 'compensation', 'outlook', 'trend', 'challenge', 'duty', 'responsibility']);
const BACKGROUND_AFTER = new Set(['here']);
/** Words that make a role word alone ("staff", "lead", "MLE") worth reading as a role name. */
const ROLE_WORD_ANCHORS = new Set([...ROLE_NOUNS, 'staff', 'lead', 'senior', 'junior', 'principal', 'entry']);
/** Words of the spelled-out forms of role abbreviations ("machine learning" → ML). */
const SPELLED_OUT = new Set([
  'machine',
  'learning',
  'artificial',
  'intelligence',
  'natural',
  'language',
  'processing',
  'vice',
  'president',
]);
/** Words that may stand between a role's words and another's in a list of roles ("lead and staff ML architect"). */
const COORDINATION = new Set([
  'and',
  'or',
  'vs',
  'versus',
  'v',
  'nor',
  'plus',
  'also',
  'a',
  'an',
  'the',
  // …and the understood languages' "and" / "or", since role names stay English ("lead y staff ML architect").
  'y',
  'e',
  'et',
  'und',
  'o',
  'ou',
  'oder',
]);
/** Prepositions that set a job noun beside the question rather than qualify it. */
const BESIDES = new Set(['beside', 'besides', 'except', 'than']);
/** Words that follow a family of roles rather than one ("AI research jobs", "ML architect roles"). */
const GENERAL_JOB_WORDS = new Set(['job', 'role', 'career', 'position', 'opening', 'gig', 'type', 'kind', 'field', 'track']);
/** English words of the resolver's conversation rules (pronouns, picks, places), for telling a message's language. */
const RESOLVER_WORDS = new Set([
  ...'those these them they their which both rank three two first second third latter former one ones compare'.split(' '),
  ...ELLIPTIC_NOUN,
]);
/** Words before a bare job noun that point at one role discussed ("the engineer", "that architect"). */
const ARTICLE_OF_PICK = new Set(['the', 'that', 'this']);
/** Most roles a "which one?" offers; more means the words were too general to ask back. */
const MAX_WHICH_ONE = 6;

/** One message as the resolver reads it: normalised once, tokens passed down to every step. */
export interface Reading {
  text: string;
  norm: string;
  /** The normalised words (`norm` split at its spaces), before canonical forms. */
  words: string[];
  tokens: string[];
}

/** Most words of one message the resolver reads: what a question asks is said well before this. */
export const MAX_WORDS = 60;

export function read(text: string): Reading {
  // "junior MLE -> ML infra architect": an arrow is a move, read as "to".
  let norm = normalizeText(/[>→⇒]/.test(text) ? text.replace(/\s*(?:-+>|=+>|→|⇒)\s*/g, ' to ') : text);
  const words = norm === '' ? [] : norm.split(' ');
  if (words.length > MAX_WORDS) {
    words.length = MAX_WORDS;
    norm = words.join(' ');
  }
  return { text, norm, words, tokens: canonicalize(words) };
}

/** Everything the resolver needs of the knowledge, built once per knowledge version (never inside a question). */
/** What `Resolver.freeText` has read of one question so far, passed from phase to phase. */
class FreeTextReading {
  readonly text: string;
  readonly context: ConversationContext | undefined;
  readonly reading: Reading;
  readonly tokens: string[];
  readonly norm: string;
  readonly language: string;
  readonly reasons: string[];
  readonly elliptic: boolean;
  readonly comparing: boolean;
  readonly transition: boolean;
  /** The roles discussed and shown in the conversation. */
  readonly pool: string[];
  named: RoleMention[] = [];
  scores: IntentScores = NO_SCORES;
  followUp = false;
  subjects: RoleMention[] = [];
  roles: string[] = [];
  best: { intent: Intent; p: number } = NO_PICK;
  bestTopic: { intent: Intent; p: number } = NO_PICK;
  lexTopic: Topic | undefined = undefined;
  /** `{ language }` for a question read from another language, else `{}`. */
  languageField: { language?: string } = {};
  topic: Topic | undefined = undefined;
  topicP = 0;
  fromContext = false;
  refersBack = false;

  constructor(
    text: string,
    context: ConversationContext | undefined,
    reading: Reading,
    language: string,
    reasons: string[],
    elliptic: boolean,
    comparing: boolean,
    transition: boolean,
    pool: string[],
  ) {
    this.text = text;
    this.context = context;
    this.reading = reading;
    this.tokens = reading.tokens;
    this.norm = reading.norm;
    this.language = language;
    this.reasons = reasons;
    this.elliptic = elliptic;
    this.comparing = comparing;
    this.transition = transition;
    this.pool = pool;
  }
}

const NO_SCORES: IntentScores = { best: undefined, score: 0, second: 0, scores: new Map(), positions: new Set() };
const NO_PICK: { intent: Intent; p: number } = { intent: 'unknown', p: 0 };
/** Each intent's position in INTENTS. */
const INTENT_INDEX: ReadonlyMap<Intent, number> = new Map(INTENTS.map((intent, i) => [intent, i]));

export class Resolver {
  readonly matcher: RoleMatcher;
  /** Canonical tokens of each role's title, implied by a follow-up that names another role by one word. */
  private readonly titleTokens: Map<string, string[]>;
  /** Words found in the names of three or more roles ("ml", "ai", "research"): generic within the domain. */
  private readonly genericWords: Set<string>;
  /** Every canonical word the knowledge uses, to tell an in-domain question from an unrelated one. */
  private readonly vocabulary: Set<string>;
  /** Canonical words of role names, masked as one token before the classifier reads a question. */
  private readonly roleWords: Set<string>;
  /** Trained from `knowledge/intents/`; absent when the knowledge has no training questions. */
  readonly classifier: IntentClassifier | undefined;
  /** Per position in INTENTS, the classifier's index of that intent (-1 when it was not trained on it). */
  private readonly classIndex: Int32Array;
  private readonly probScratch: Float32Array;
  /** The classifier's index of out of scope (-1 when it was not trained on it). */
  private readonly unknownIndex: number;
  private readonly lexScratch = new Float64Array(INTENTS.length);
  private readonly distScratch = new Float64Array(INTENTS.length);
  /** Canonical tokens of every name of every role, for role words alone ("staff salary", "MLE skills"). */
  private readonly names: Array<{ slug: string; kind: string; names: string[][] }>;
  /** {@link names} by slug. */
  private readonly namesBySlug: Map<string, string[][]>;
  /** Canonical word → positions in {@link names} (ascending) of the roles with that word in a name. */
  private readonly rolesByWord = new Map<string, number[]>();
  private readonly profiles: string[];
  private readonly words: WordKnowledge;

  constructor(knowledge: Knowledge) {
    this.matcher = new RoleMatcher(knowledge.roles);
    this.titleTokens = new Map(knowledge.roles.map((r) => [r.slug, canonicalTokens(r.title)]));
    const df = new Map<string, number>();
    for (const r of knowledge.roles) {
      const words = new Set([r.title, ...r.aliases, r.slug.replace(/-/g, ' ')].flatMap((n) => canonicalTokens(n)));
      for (const t of words) df.set(t, (df.get(t) ?? 0) + 1);
    }
    this.genericWords = new Set([...df].filter(([, n]) => n >= 3).map(([t]) => t));
    this.vocabulary = knowledgeVocabulary(knowledge.roles);
    this.roleWords = roleWordsOf(knowledge.roles);
    this.classifier = classifierFor(knowledge);
    const known = this.classifier?.intents ?? [];
    this.classIndex = Int32Array.from(INTENTS, (intent) => known.indexOf(intent));
    this.probScratch = new Float32Array(known.length);
    this.unknownIndex = known.indexOf('unknown');
    this.names = knowledge.roles.map((r) => ({
      slug: r.slug,
      kind: r.kind,
      names: [r.title, ...r.aliases, r.slug.replace(/-/g, ' ')].map(canonicalTokens),
    }));
    this.namesBySlug = new Map(this.names.map((r) => [r.slug, r.names]));
    this.names.forEach((role, i) => {
      for (const word of new Set(role.names.flat())) {
        const list = this.rolesByWord.get(word);
        if (list) list.push(i);
        else this.rolesByWord.set(word, [i]);
      }
    });
    this.profiles = knowledge.roles.filter((r) => r.kind === 'profile').map((r) => r.slug);
    const roleWords = this.roleWords;
    const vocabulary = this.vocabulary;
    // Each answer of these two is a fact of the knowledge about one word: kept per word (bounded), since every
    // message's words are asked again and most words come back.
    const roleWordMemo = new Map<string, boolean>();
    const englishMemo = new Map<string, boolean>();
    this.words = {
      // (A word whose canonical form is a role word is one too: "engineering" → engineer.)
      isRoleWord: (w) => {
        let known = roleWordMemo.get(w);
        if (known === undefined) {
          known = roleWords.has(w) || roleWords.has(singular(w)) || SPELLED_OUT.has(w) || canonicalize([w]).every((t) => roleWords.has(t));
          if (roleWordMemo.size >= 20_000) roleWordMemo.clear();
          roleWordMemo.set(w, known);
        }
        return known;
      },
      // (The words the resolver's own rules read are English too: "rank those three" is not another language.)
      isEnglishWord: (w) => {
        let known = englishMemo.get(w);
        if (known === undefined) {
          known = isLexiconWord(singular(w)) || vocabulary.has(singular(w)) || RESOLVER_WORDS.has(w);
          if (englishMemo.size >= 20_000) englishMemo.clear();
          englishMemo.set(w, known);
        }
        return known;
      },
    };
  }

  /**
   * The intent distribution of a question: the classifier's probabilities, with out of scope's odds raised by
   * {@link THRESHOLDS.unknownLogit}, mixed with the lexicon's scores turned into probabilities (a softmax at
   * {@link THRESHOLDS.lexiconTemperature}), weighted {@link THRESHOLDS.lexiconWeight}.
   */
  intents(tokens: readonly string[], scores: IntentScores): Float64Array {
    // Reused scratch arrays in the order of INTENTS (a resolve is synchronous, so no two questions share them).
    const lex = this.lexScratch;
    let max = 0;
    // (Only the intents the lexicon matched have a score: the rest stay 0.)
    lex.fill(0);
    for (const [intent, v] of scores.scores) {
      lex[INTENT_INDEX.get(intent) as number] = v;
      max = Math.max(max, v);
    }
    let sum = 0;
    // (Most intents score 0: their term is the same exp, taken once.)
    const none = Math.exp((0 - max) * THRESHOLDS.lexiconTemperature);
    for (let i = 0; i < INTENTS.length; i++) {
      const v = lex[i] as number;
      const e = v === 0 ? none : Math.exp((v - max) * THRESHOLDS.lexiconTemperature);
      lex[i] = e;
      sum += e;
    }
    // Probabilities in the order of INTENTS (a reused array: read before the next question).
    const out = this.distScratch;
    const classifier = this.classifier;
    // The lexicon has no words for out of scope, and the classifier learns it from fewer, more varied questions than
    // it needs: its odds are raised before the mix (a prior shift, the same as a higher bias for the class).
    let shift = 1;
    if (classifier) {
      const probs = this.probScratch;
      classifier.probabilities(maskRoles(tokens, this.roleWords), probs);
      const u = this.unknownIndex;
      if (u >= 0) {
        const p = probs[u] as number;
        const raised = p * Math.exp(THRESHOLDS.unknownLogit);
        shift = 1 / (1 - p + raised);
        probs[u] = raised;
      }
    }
    // A sure lexicon word ("salary", "challenges") weighs more than a faint one.
    const w = classifier ? (max >= THRESHOLDS.lexiconSure ? THRESHOLDS.lexiconSureWeight : max > 0 ? THRESHOLDS.lexiconWeight : 0) : 1;
    for (let i = 0; i < INTENTS.length; i++) {
      const k = this.classIndex[i] as number;
      const p = classifier && k >= 0 ? (this.probScratch[k] as number) * shift : 0;
      out[i] = w * ((lex[i] as number) / sum) + (1 - w) * p;
    }
    return out;
  }

  /** Reads one message. Never throws for any text. */
  resolve(text: string, context?: ConversationContext): Query {
    const command = parseCommand(text);
    switch (command.kind) {
      case 'help':
      case 'roles':
        return { kind: command.kind, roles: [], confidence: 1, reasons: [`command: ${command.kind}`] };
      case 'role': {
        const roleText = read(command.roleText);
        const found = this.matcher.findTokens(roleText.tokens, { lenient: false });
        const topic = command.topic ?? topicOf(scoreIntents(roleText.tokens), THRESHOLDS.topicSure);
        const role = found[0];
        if (!role) {
          if (command.roleText.trim() === '' && topic)
            return { kind: 'topic', roles: [], topic, confidence: 0.8, reasons: ['command: role <topic>'] };
          return this.unknown(roleText, 'no-role', ['command: role, no role matched']);
        }
        return { kind: 'topic', roles: [role.slug], ...(topic ? { topic } : {}), confidence: 1, reasons: ['command: role'] };
      }
      case 'compare': {
        const rolesText = read(command.rolesText);
        // The same plausibility as free text: "compare ML systems engineer and ML infra architect" names no ML systems
        // architect pieced from the two names' words.
        const found = this.plausible(rolesText.tokens, this.matcher.findTokens(rolesText.tokens, { lenient: true }), false);
        const topic = command.topic ?? topicOf(scoreIntents(rolesText.tokens), THRESHOLDS.topicSure) ?? 'overview';
        if (found.length >= 2)
          return { kind: 'compare', roles: found.map((m) => m.slug), topic, confidence: 1, reasons: ['command: compare'] };
        if (found.length === 1)
          return {
            kind: 'topic',
            roles: [(found[0] as RoleMention).slug],
            topic,
            confidence: 1,
            reasons: ['command: compare, one role matched'],
          };
        // "compare them", "compare the two" (a follow-up), "compare pay across all roles": not a command after all.
        return this.freeText(text, context);
      }
      case 'text':
        return this.freeText(command.text, context);
    }
  }

  private unknown(reading: Reading, reason: NonNullable<Query['unknown']>, reasons: string[]): Query {
    const near = this.matcher.nearestTokens(reading.tokens);
    return {
      kind: 'unknown',
      roles: [],
      confidence: 0,
      reasons,
      unknown: reason === 'no-role' && near.length === 0 ? 'unclear' : reason,
      ...(near.length > 0 ? { candidates: near.map((r) => r.slug) } : {}),
    };
  }

  /**
   * A profession or subject the bot does not cover, named in a question that matched no role: a known other job
   * ("nurse"), an off-topic subject ("weather"), or a job noun whose qualifier is not a generic word of the domain
   * ("civil engineer", "network engineer") — while "ML architect" or "AI engineer" stay in scope as general questions.
   */
  private outOfScope(tokens: readonly string[]): { reason: string; qualified: boolean } | undefined {
    // The asker's own profession ("I'm a recruiter, which job titles can you tell me about?") is background.
    // A word or two may qualify it ("from frontend dev", "I'm a backend dev"), and numbers say how long.
    const own = (i: number) => {
      if (BACKGROUND_AFTER.has(tokens[i + 1] ?? '')) return true;
      let j = i - 1;
      for (let qualifiers = 0; qualifiers <= 2 && j >= 0; qualifiers++) {
        while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
        if (BACKGROUND_CUES.has(tokens[j] ?? '') || (tokens[j] === 'm' && tokens[j - 1] === 'i') || tokens[j] === 'as') return true;
        if (TARGET_CUES.has(tokens[j] ?? '')) return false;
        j--;
      }
      return false;
    };
    // ("ML research intern", "an ML research internship": a trainee's job, not the role whose words qualify it.)
    const named = tokens.find(
      (t, i) =>
        OFF_TOPIC_WORDS.has(t) ||
        ((OTHER_PROFESSIONS.has(t) || (TRAINEE_NOUNS.has(t) && this.roleWords.has(tokens[i - 1] ?? ''))) && !own(i)),
    );
    if (named) return { reason: `out of scope: "${named}"`, qualified: false };
    const i = tokens.findIndex((t, i) => {
      if (!ROLE_NOUNS.has(t) || i === 0 || own(i)) return false;
      const before = tokens[i - 1] as string;
      // ("where does it lead" is a verb after a pronoun, not an "it lead"; a conjunction or "besides" qualifies nothing:
      // "architect and engineer roles", "besides architects".)
      return (
        !this.genericWords.has(before) &&
        !FILLER.has(before) &&
        !CONTENT_STOP.has(before) &&
        !COORDINATION.has(before) &&
        !BESIDES.has(before) &&
        !/^\d+$/.test(before) &&
        !TOPIC_NOUNS.has(before)
      );
    });
    return i >= 0 ? { reason: `out of scope: another profession "${tokens[i - 1]} ${tokens[i]}"`, qualified: true } : undefined;
  }

  /**
   * The mentions that read as roles: a thin match must not be another profession's noun phrase, nor a bare job noun
   * ("my manager", "the scientists"); and next to a role named with its job noun, a partial one whose words are
   * scattered and lack its own noun ("ML … data" in "the ML lifecycle, data collection") is a coincidence of words.
   */
  private plausible(tokens: readonly string[], mentions: readonly RoleMention[], transition: boolean): RoleMention[] {
    // (Nothing to judge: no rule below runs, and none of their closures is made.)
    if (mentions.length === 0) return [];
    const job = (p: number) => ROLE_NOUNS.has(tokens[p] as string) && tokens[p] !== 'lead';
    const ownOf = (m: RoleMention) => m.positions.filter((p) => !mentions.some((o) => o !== m && o.positions.includes(p)));
    // Its own noun: "architect" shared with the role named beside it does not make "data" a second architect.
    const hasNoun = (m: RoleMention) => ownOf(m).some(job);
    const thin = (m: RoleMention) => m.score < THRESHOLDS.roleMatch;
    // Another profession ("product manager", "data analyst") is not a partial match of a role whose names lack its qualifier.
    // (Beyond a thin match, the qualifier must be a word the knowledge uses: "learnig architect" is a typo, not a job.)
    let kept = mentions.filter(
      (m) =>
        !(thin(m) && (this.qualifiedElsewhere(tokens, m, false) || m.positions.every(job))) &&
        !(m.score < 1 && this.qualifiedElsewhere(tokens, m, true)),
    );
    const scattered = (m: RoleMention) => {
      const own = ownOf(m);
      return own.length > 0 && Math.max(...own) - Math.min(...own) + 1 > own.length;
    };
    // …unless it is the target of a move ("from junior MLE to lead"), where a bare title word is how people say it.
    const spread = (m: RoleMention) => Math.max(...m.positions) - Math.min(...m.positions) + 1 > m.positions.length;
    // A full name pieced together from another role's words and a stray word of its own ("lead ML architect … the
    // data scientists" is no ML data architect: "data" qualifies another job noun) is not named either.
    const pieced = (m: RoleMention) => spread(m) && ownOf(m).length < m.positions.length;
    const names = (m: RoleMention) => this.namesBySlug.get(m.slug) ?? [];
    const strayQualifier = (m: RoleMention) => {
      const own = ownOf(m);
      const next = own.length > 0 ? tokens[Math.max(...own) + 1] : undefined;
      return pieced(m) && next !== undefined && ROLE_NOUNS.has(next) && !names(m).some((n) => n.includes(next));
    };
    kept = kept.filter((m) => !strayQualifier(m));
    // A name pieced from another role's words and a word of its own far from them ("legacy infra … an ML systems
    // architect", "ML systems engineer … team lead, researcher") is a coincidence of words; a coordinated one ("lead
    // and staff ML architect", "ML infra or systems architect") is not: only conjunctions stand between; nor is the
    // target of a move.
    const coincidence = (m: RoleMention) => {
      const own = ownOf(m);
      if (!pieced(m) || own.length === 0) return false;
      const shared = m.positions.filter((p) => !own.includes(p));
      const [ownLo, ownHi, sharedLo, sharedHi] = [Math.min(...own), Math.max(...own), Math.min(...shared), Math.max(...shared)];
      const [from, to] = ownHi < sharedLo ? [ownHi + 1, sharedLo] : ownLo > sharedHi ? [sharedHi + 1, ownLo] : [0, 0];
      if (from === to) return false;
      // "vs the staff ones", "from a junior one": the own word stands for the other role's noun, said once.
      if (ELLIPTIC_NOUN.has(tokens[ownHi + 1] ?? '')) return false;
      // The target of a move is said with a bare title word: "from junior MLE to lead".
      let cue = ownLo - 1;
      while (cue > 0 && TARGET_FILLER.has(tokens[cue] as string)) cue--;
      if (transition && TARGET_CUES.has(tokens[cue] ?? '')) return false;
      // A bare title word after a word that ranks or contrasts ("is staff ML architect above lead", "…isn't for a
      // lead") stands for the other role's noun too.
      if (own.length === 1 && ROLE_WORD_ANCHORS.has(tokens[ownLo] as string) && RANKS.has(tokens[cue] ?? '')) return false;
      for (let p = from; p < to; p++)
        if (!COORDINATION.has(tokens[p] as string) && !mentions.some((o) => o.positions.includes(p))) return true;
      return false;
    };
    kept = kept.filter((m) => !coincidence(m));
    // Nor is a partial name pieced from another role's words and one word of its own that lacks its job noun ("AI marketing
    // analytics? data privacy?" names no AI data architect), or whose own word stands after the job noun it shares
    // while every name of the role has it before ("entry level AI engineer application" is no AI application engineer).
    const outOfOrder = (m: RoleMention) => {
      const own = ownOf(m);
      if (m.score >= 1 || own.length === 0 || own.length === m.positions.length) return false;
      const nouns = m.positions.filter((p) => ROLE_NOUNS.has(tokens[p] as string));
      if (nouns.length === 0) return own.length === 1;
      const noun = tokens[Math.max(...nouns)] as string;
      const after = own.filter((p) => p > Math.max(...nouns));
      return (
        after.length > 0 &&
        after.every((p) => names(m).every((n) => !n.includes(tokens[p] as string) || n.indexOf(tokens[p] as string) < n.indexOf(noun)))
      );
    };
    kept = kept.filter((m) => !outOfOrder(m));
    // A thin match followed by a general job word, whose words several roles share ("which AI research jobs…", "other
    // AI research roles") names a family of roles, not one.
    // So does a partial name of two or more words with no job noun that several roles' names hold ("do AI research",
    // "where is AI research going": the engineer, manager and scientist all do AI research).
    const family = (m: RoleMention) => {
      if (m.score >= 1) return false;
      const words = m.positions.map((p) => tokens[p] as string);
      const next = tokens[Math.max(...m.positions) + 1] ?? '';
      // ("the ML systems one" says its noun with "one": a pick, not a family.)
      const nounless = words.length >= 2 && !words.some((w) => ROLE_NOUNS.has(w)) && !ELLIPTIC_NOUN.has(next);
      // ("the research scientist role" after an article is one role: "which AI research jobs" is a family.)
      const one = ARTICLE_OF_PICK.has(tokens[Math.min(...m.positions) - 1] ?? '') || tokens[Math.min(...m.positions) - 1] === 'a';
      if (!nounless && (!GENERAL_JOB_WORDS.has(next) || one)) return false;
      // (Only the roles whose names hold every word between them can have one name holding all.)
      let found = 0;
      for (const i of this.rolesWithWords(words))
        if ((this.names[i] as { names: string[][] }).names.some((n) => words.every((w) => n.includes(w))) && ++found >= 2) return true;
      return false;
    };
    kept = kept.filter((m) => !family(m));
    // "which one is more senior?": a title word after a degree word says how senior, not which role.
    // "where can it lead", "they lead the team": "lead" after a pronoun or a modal verb is a verb, not the lead.
    const verbLead = (p: number) => tokens[p] === 'lead' && LEAD_AS_VERB_AFTER.has(tokens[p - 1] ?? '');
    kept = kept.filter(
      (m) =>
        !(
          m.score < 1 &&
          m.positions.length === 1 &&
          (DEGREE.has(tokens[(m.positions[0] as number) - 1] ?? '') || verbLead(m.positions[0] as number))
        ),
    );
    // (A first conjunct said without its noun, "junior vs senior MLE vs staff ML architect", "lead or staff ML
    // architect", takes the noun of the name right after the conjunction: coordinated, not pieced.)
    const coordinated = (m: RoleMention) => {
      const own = ownOf(m);
      if (own.length === 0) return false;
      let k = Math.max(...own) + 1;
      if (!COORDINATION.has(tokens[k] ?? '')) return false;
      while (COORDINATION.has(tokens[k] ?? '')) k++;
      const next = mentions.find((o) => o !== m && o.positions.includes(k));
      return next !== undefined && m.positions.every((p) => own.includes(p) || next.positions.includes(p));
    };
    if (kept.some(hasNoun))
      kept = kept.filter((m) => hasNoun(m) || (m.score >= 1 && (!pieced(m) || coordinated(m))) || (transition && !scattered(m)));
    // Words of two other named roles read together as a third ("research engineer to lead ML…" is no research manager).
    return kept.filter((m) => !(m.score < 1 && spread(m) && ownOf(m).length === 0));
  }

  /**
   * Whether a thin mention is really another profession: its job noun qualified by a word of no name of that role
   * ("product manager", "data scientist"), or its words qualifying a job noun the role's names do not have ("data
   * analyst", "data engineer").
   */
  private qualifiedElsewhere(tokens: readonly string[], m: RoleMention, knownQualifier: boolean): boolean {
    const names = this.namesBySlug.get(m.slug) ?? [];
    const inNames = (t: string) => names.some((n) => n.includes(t));
    const last = Math.max(...m.positions);
    const after = tokens[last + 1];
    if (after !== undefined && (ROLE_NOUNS.has(after) || TRAINEE_NOUNS.has(after)) && !inNames(after)) return true;
    // A title word before another profession's qualified noun ("a staff product manager", "staff software engineer at
    // meta"; not "is staff after lead", where "lead" is a title), or role words after another profession's word ("UX
    // research managers"), name that profession.
    const second = tokens[last + 2];
    if (
      after !== undefined &&
      second !== undefined &&
      /^[a-z]{3,}$/.test(after) &&
      !this.roleWords.has(after) &&
      !FILLER.has(after) &&
      !CONTENT_STOP.has(after) &&
      !COORDINATION.has(after) &&
      ROLE_NOUNS.has(second) &&
      second !== 'lead' &&
      !inNames(second)
    )
      return true;
    if (OTHER_PROFESSIONS.has(tokens[Math.min(...m.positions) - 1] ?? '')) return true;
    return m.positions.some((p) => {
      if (!ROLE_NOUNS.has(tokens[p] as string) || p === 0 || m.positions.includes(p - 1)) return false;
      const before = tokens[p - 1] as string;
      return (
        !inNames(before) &&
        !FILLER.has(before) &&
        !CONTENT_STOP.has(before) &&
        /^[a-z]{3,}$/.test(before) &&
        (!knownQualifier || this.vocabulary.has(before))
      );
    });
  }

  /** Roles whose names hold the typed role words, when no name matched: "staff" → one role, "MLE" → two. */
  private roleWordCandidates(tokens: readonly string[]): { slugs: string[]; generic: boolean } {
    // ("which one is more senior" says a degree; "where does it lead" a verb.)
    const typed = tokens.filter(
      (t, i) => this.roleWords.has(t) && !DEGREE.has(tokens[i - 1] ?? '') && !(t === 'lead' && VERB_SUBJECTS.has(tokens[i - 1] ?? '')),
    );
    if (typed.length === 0 || !typed.some((t) => ROLE_WORD_ANCHORS.has(t))) return { slugs: [], generic: false };
    const holdsAll = (names: readonly string[][]) => names.some((name) => typed.every((w) => name.includes(w)));
    // Words every full profile shares ("ML architect") ask about all of them: the answer across roles fits.
    if (this.profiles.length > 1 && this.profiles.every((p) => holdsAll(this.namesBySlug.get(p) ?? [])))
      return { slugs: [], generic: true };
    // Each test below needs every typed word in one name: only the roles with all of them in their names can pass.
    const contiguous: string[] = [];
    const loose: string[] = [];
    const everyWord: string[] = [];
    for (const i of this.rolesWithWords(typed)) {
      const role = this.names[i] as { slug: string; names: string[][] };
      if (role.names.some((name) => containsRun(name, typed))) contiguous.push(role.slug);
      if (role.names.some((name) => containsInOrder(name, typed))) loose.push(role.slug);
      if (holdsAll(role.names)) everyWord.push(role.slug);
    }
    // A title that holds the words beats names that only an alias does ("lead" is the Lead ML Architect).
    const byTitle = contiguous.filter((slug) => containsRun(this.namesBySlug.get(slug)?.[0] ?? [], typed));
    const slugs = byTitle.length === 1 ? byTitle : contiguous.length > 0 ? contiguous : loose.length > 0 ? loose : everyWord;
    return { slugs: slugs.length <= MAX_WHICH_ONE ? slugs : [], generic: false };
  }

  /** Positions in {@link names} (ascending) of the roles whose names, together, hold every one of `words`. */
  private rolesWithWords(words: readonly string[]): number[] {
    const lists = [...new Set(words)].map((w) => this.rolesByWord.get(w) ?? []).sort((a, b) => a.length - b.length);
    const [first, ...rest] = lists;
    if (!first) return [];
    // (Binary search in the ascending lists: no Set of a common word's thousands of roles per call.)
    return first.filter((i) => rest.every((list) => sortedHas(list, i)));
  }

  /**
   * Sorts the roles a message names into subjects and background: the target of "from A to B", "become B", "move up
   * to B" is B, and a role after "I'm a", "currently", "from" is the asker's own. Without such cues every role named
   * is a subject, in order.
   */
  private subjects(
    tokens: readonly string[],
    mentions: readonly RoleMention[],
    comparing: boolean,
    transition: boolean,
    reasons: string[],
  ): RoleMention[] {
    if (mentions.length < 2) return [...mentions];
    const cueBefore = (m: RoleMention, cues: ReadonlySet<string>) => {
      // The mention starts where the run of its words around its most distinctive word starts ("ML systems engineer"
      // even when "ML" is shared with another mention), and the nearest cue before it decides.
      let start = m.anchor;
      while (m.positions.includes(start - 1)) start -= 1;
      const target = cues === TARGET_CUES;
      // "to" or "become" stands right before its target, or before an article ("become an ML…", not "to go junior");
      // background cues reach three words ("I'm a senior…").
      for (let i = start - 1, seen = 0; i >= 0 && seen < 3; i--, seen++) {
        const t = tokens[i] as string;
        if (mentions.some((o) => o !== m && o.positions.includes(i))) break;
        // A bare "to" is a target only in a move, or right after another role ("lead mla to staff mla"): "related
        // roles to X, Y and Z" lists three subjects.
        if (target && t === 'to' && !transition) return mentions.some((o) => o !== m && o.positions.includes(i - 1));
        // ("different from a junior one", "what separates me from a senior MLE": a comparison, not a background.)
        if (!target && t === 'from' && (DIFFER.has(tokens[i - 1] ?? '') || DIFFER.has(tokens[i - 2] ?? ''))) return false;
        // ("the same as a junior ML engineer", "as good as a lead" compare.)
        if (!target && t === 'as' && AS_COMPARES.has(tokens[i - 1] ?? '')) return false;
        // "applying for", "interviewing for", "an offer for", "aim for", "hired as": the role sought is the target.
        if ((t === 'for' && SOUGHT_FOR.has(tokens[i - 1] ?? '')) || (t === 'as' && tokens[i - 1] === 'hired')) return target;
        // ("I'm torn between A and B", "choosing between": both are subjects.)
        if (!target && t === 'between') return false;
        // ("right now: junior ML engineer or…" is no "now a junior ML engineer".)
        if (!target && t === 'now' && tokens[i - 1] === 'right') return false;
        if (cues.has(t) || (!target && t === 'm' && tokens[i - 1] === 'i')) return true;
        // The nearer cue of the other kind wins: "from research engineer" is background even after "how to get".
        if ((target ? BACKGROUND_CUES : TARGET_CUES).has(t)) return false;
        if (target && !TARGET_FILLER.has(t)) return false;
      }
      return false;
    };
    const targets = mentions.filter((m) => cueBefore(m, TARGET_CUES));
    // A role joined to the target by "or"/"and" is a target too: "become an AI research engineer or a research
    // scientist". (Two targets of their own are a ladder, "A to B to C": every step is a subject.)
    const ladder = targets.length > 1;
    for (const m of ladder ? [] : mentions) {
      if (targets.includes(m)) continue;
      let start = m.anchor;
      while (m.positions.includes(start - 1)) start -= 1;
      let j = start - 1;
      while (j > 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
      if ((tokens[j] === 'or' || tokens[j] === 'and') && targets.some((t) => t.positions.includes(j - 1))) targets.push(m);
    }
    const cueAfter = (m: RoleMention) => {
      let end = m.anchor;
      while (m.positions.includes(end + 1)) end += 1;
      return BACKGROUND_AFTER.has(tokens[end + 1] ?? '');
    };
    // A role set against another by "vs"/"versus" ("expected from a lead vs a staff ML architect"), or by "or" in a
    // "which" question, is a subject of equal standing, whatever cue stands before it.
    const versus = (m: RoleMention) => {
      // (After the run of its words around its most distinctive one: "a lead vs a staff ML architect".)
      let k = m.anchor + 1;
      while (m.positions.includes(k) || ELLIPTIC_NOUN.has(tokens[k] ?? '')) k++;
      const against = tokens[k] === 'vs' || tokens[k] === 'versus' || (tokens[k] === 'or' && tokens.includes('which'));
      return against && mentions.some((o) => o !== m && Math.min(...o.positions) > k);
    };
    const background = mentions.filter((m) => (cueBefore(m, BACKGROUND_CUES) || cueAfter(m)) && !targets.includes(m) && !versus(m));
    const explicitCompare = comparing && !transition;
    if (!explicitCompare && !ladder && targets.length >= 1 && targets.length < mentions.length) {
      reasons.push(
        `subject: ${targets.map((m) => m.slug).join(', ')} (target of a move), background: ${mentions
          .filter((m) => !targets.includes(m))
          .map((m) => m.slug)
          .join(', ')}`,
      );
      return targets;
    }
    if (background.length > 0 && background.length < mentions.length) {
      reasons.push(`background: ${background.map((m) => m.slug).join(', ')}`);
      return mentions.filter((m) => !background.includes(m));
    }
    return [...mentions];
  }

  private freeText(text: string, context: ConversationContext | undefined): Query {
    const reasons: string[] = [];
    const original = read(text);
    const language = readLanguage(text.slice(0, 300), original.words, this.words);
    if (!language.understood) {
      return {
        kind: 'unknown',
        roles: [],
        confidence: 0,
        reasons: [`language: ${language.language}, not understood`],
        unknown: 'language',
        language: language.language,
      };
    }
    const reading = language.english !== undefined ? read(language.english) : original;
    if (language.language !== 'en') reasons.push(`language: ${language.language}, read as "${reading.norm}"`);
    const { norm, tokens } = reading;
    // Only emoji or punctuation: nothing to read (an empty message is help, answered before the resolver).
    if (tokens.length === 0) {
      // A wave ("@advisor 👋") is a greeting, answered as help; other emoji alone say nothing to read.
      if (GREETING_EMOJI.test(text))
        return { kind: 'help', roles: [], confidence: THRESHOLDS.followUpConfidence, reasons: ['no words: a greeting emoji'] };
      // "@Career Advisor ???": question marks alone ask what the bot can do, as "?" does.
      if (/^[\s?¿!.]*\?[\s?¿!.]*$/.test(text))
        return { kind: 'help', roles: [], confidence: THRESHOLDS.followUpConfidence, reasons: ['no words: question marks alone'] };
      return { kind: 'unknown', roles: [], confidence: 0, reasons: ['no words'], unknown: 'unclear' };
    }
    // A task for the bot to do ("can you write me a cover letter for it", "also can you fix my python bug") is not a
    // question about these careers, in a conversation about one too.
    if (TASK_REQUEST.test(norm)) {
      const language_ = language.language !== 'en' ? { language: language.language } : {};
      return { ...this.unknown(reading, 'out-of-scope', [...reasons, 'out of scope: a task to do, not a question']), ...language_ };
    }
    const elliptic = FOLLOW_UP.test(norm);
    const comparing = COMPARE.test(norm);
    const transition = TRANSITION.test(norm);
    const pool = context ? [...new Set([...(context.roles ?? []), ...(context.shown ?? [])])] : [];
    const s = new FreeTextReading(text, context, reading, language.language, reasons, elliptic, comparing, transition, pool);
    s.named = this.namedRoles(s);
    this.readSubjects(s);
    const helpAsked = this.readIntent(s);
    if (helpAsked) return helpAsked;
    this.fromConversation(s);
    const overRoles = this.overRoleWords(s);
    if (overRoles) return overRoles;
    if (s.roles.length === 0) {
      const none = this.noRoleNamed(s);
      if (none) return none;
    } else if (context && !s.fromContext) this.inConversation(s);
    return this.finish(s);
  }

  /** The roles the question names, as mentions (thin guesses in a conversation left out). */
  private namedRoles(s: FreeTextReading): RoleMention[] {
    const { context, tokens, norm, elliptic, comparing, transition, pool } = s;
    const mentions = this.matcher.findTokens(tokens, {
      freeText: true,
      lenient: context !== undefined || comparing || transition,
      ...(context ? { context: pool, implied: context.roles.flatMap((s) => this.titleTokens.get(s) ?? []) } : {}),
    });
    // A job noun qualified by a word of no role here ("product manager") is another profession, not a thin match.
    let named = this.plausible(tokens, mentions, transition);
    // In a conversation, one bare word of a role's name that is neither a title word nor a job noun is a thin guess:
    // it qualifies another noun ("is data quality the big one") or sits beside a pronoun that points back ("what
    // kinds of data do they work with"); the roles in context stay the subject.
    if (context?.roles.length) {
      const pointsBack = REFERS_BACK.test(norm);
      named = named.filter((m) => {
        // (One typed word, whatever the implied words add to its score: "what kinds of data do they work with".)
        if (m.positions.length !== 1 || m.score >= 1) return true;
        const p = m.positions[0] as number;
        // A short word that only looks like a title word ("that stuff" → staff) is no role in a conversation.
        const typed = tokens[p] as string;
        if (!this.roleWords.has(typed) && typed.length <= 6 && !ELLIPTIC_NOUN.has(tokens[p + 1] ?? '')) return false;
        // (A title word counts as typed: "stuff" read as "staff" is judged like any other word.)
        if (ROLE_WORD_ANCHORS.has(tokens[p] as string) || ELLIPTIC_NOUN.has(tokens[p + 1] ?? '') || ROLE_NOUNS.has(tokens[p + 1] ?? ''))
          return true;
        const before = tokens[p - 1] ?? '';
        // (A word of another role named beside it qualifies it too: "data quality" after ML data architects.)
        const compound =
          /^[a-z]{3,}$/.test(before) &&
          !FILLER.has(before) &&
          !CONTENT_STOP.has(before) &&
          !COORDINATION.has(before) &&
          (!this.roleWords.has(before) || named.some((o) => o !== m && o.positions.includes(p - 1)));
        // Nor, outside ellipsis, a word that also names a subject of the work: "trends with LLMs?", "what ML stuff
        // would I need to learn" ask about the role discussed; "and LLM?", "infra?" switch roles.
        return !(compound || pointsBack) && (elliptic || this.bareEllipsis(tokens, [m]));
      });
    }
    return named;
  }

  /** The intent scores over the words that name no role, whether it follows up, and the roles it is about. */
  private readSubjects(s: FreeTextReading): void {
    const { text, context, tokens, reasons, elliptic, comparing, transition } = s;
    let named = s.named;
    if (named.length > 0) reasons.push(`roles named: ${named.map((m) => m.slug).join(', ')}`);
    // The words of a role's name are not topic words: "level" of "entry level AI engineer" asks no career path.
    let scores: IntentScores;
    if (named.length === 0) scores = scoreIntents(tokens);
    else {
      const masked = tokens.slice();
      for (const m of named) for (const p of m.positions) masked[p] = '';
      scores = scoreIntents(masked);
    }
    // A follow-up: ellipsis words ("what about…", "and…"), or in a conversation a message that is only a role's name
    // ("staff?", "nlp?", "plain ai research scientist?" after a salary question asks the same of that role).
    const followUp = context !== undefined && (elliptic || (named.length > 0 && this.bareEllipsis(tokens, named)));
    // In a conversation, a role of the context named only as a contrast ("what does the staff one own that the lead
    // doesn't", "…that the junior isn't?") is not a second subject: the question is about the other one.
    if (context?.roles.length && named.length >= 2) {
      const contrast = named.filter((m) => context.roles.includes(m.slug) && this.isContrast(tokens, m));
      if (contrast.length > 0 && contrast.length < named.length) {
        reasons.push(`contrast: ${contrast.map((m) => m.slug).join(', ')} ("that the … doesn't")`);
        named = named.filter((m) => !contrast.includes(m));
      }
    }
    let subjects = this.subjects(tokens, named, comparing, transition, reasons);
    // "I'm deciding between a research scientist offer and a research engineer one. What does a research scientist
    // make?": a subject named only in a statement, beside one the question itself names, is background; and when
    // every subject stands in statements ("what comes after ML systems engineer? saw something about senior MLE,
    // researcher"), the role the question names is the subject, whatever cue stands before it.
    if (subjects.length >= 2 && s.language === 'en' && SENTENCE_BREAK.test(text)) {
      // (The roles the questions name on their own: a role named in both is asked about wherever its mention stands.)
      const asked = askedPositions(text, tokens);
      const askedTokens = asked ? tokens.filter((_, i) => asked[i] === 1) : [];
      // (A question that compares, "so lead pays more??", "what's the manager equivalent?", is about them all.)
      const askedText = askedTokens.join(' ');
      const compares = THAT_COMPARE.test(askedText) || COMPARATIVE.test(askedText) || /\bequivalent\b/.test(askedText);
      const askedRoles = new Set(
        compares ? [] : this.matcher.findTokens(askedTokens, { lenient: true, freeText: true }).map((m) => m.slug),
      );
      const inQuestion = (list: readonly RoleMention[]) => list.filter((m) => askedRoles.has(m.slug));
      const asking = inQuestion(subjects).length > 0 ? inQuestion(subjects) : inQuestion(named);
      if (asking.length > 0 && (asking.length < subjects.length || !asking.every((m) => subjects.includes(m)))) {
        reasons.push(`subject: ${asking.map((m) => m.slug).join(', ')} (named in the question; the rest in statements)`);
        subjects = asking;
      }
    }
    // "lead ML architect base is ~$189k, how does a senior AI application engineer compare?": the subject of "how does
    // X compare" comes first, the role it is compared with after.
    const subjectOfHow = subjects.findIndex((m, i) => i > 0 && this.subjectOfCompare(tokens, m));
    if (subjectOfHow > 0) {
      const [m] = subjects.splice(subjectOfHow, 1);
      subjects.unshift(m as RoleMention);
      reasons.push(`subject of "how does … compare": ${(m as RoleMention).slug} first`);
    }
    s.named = named;
    s.scores = scores;
    s.followUp = followUp;
    s.subjects = subjects;
    s.roles = subjects.map((m) => m.slug);
  }

  /** The intent and topic the model reads; help or the role list asked for beside a thin match is answered here. */
  private readIntent(s: FreeTextReading): Query | undefined {
    const { context, tokens, norm, reasons, scores, subjects } = s;
    const dist = this.intents(tokens, scores);
    const best = argmax(dist, INTENTS.length);
    const bestTopic = argmax(dist, TOPICS.length);
    const lexTopic = topicOf(scores, THRESHOLDS.topicWord);
    reasons.push(
      `${this.classifier ? 'classifier+lexicon' : 'lexicon'}: ${best.intent} ${best.p.toFixed(2)}${best.intent !== bestTopic.intent ? `, best topic ${bestTopic.intent} ${bestTopic.p.toFixed(2)}` : ''}${lexTopic ? ` (lexicon ${lexTopic} ${(scores.scores.get(lexTopic) ?? 0).toFixed(1)})` : ''}`,
    );
    const language_ = s.language !== 'en' ? { language: s.language } : {};
    // The role list or help asked for beside a thin match ("anything entry-level on your list? show me the roles", "what
    // AI/ML careers do you have data on"): the words are no role. (A role fully named stays, even as the asker's own:
    // "junior MLE here, got a couple questions" keeps it for the questions that follow.)
    if (
      subjects.length > 0 &&
      (best.intent === 'help' || best.intent === 'roles') &&
      best.p >= (context?.roles.length ? THRESHOLDS.helpInConversation : THRESHOLDS.helpProbability) &&
      !topicOf(scores, THRESHOLDS.topicSure) &&
      subjects.every((m) => m.score < 1)
    ) {
      return {
        kind: best.intent,
        roles: [],
        confidence: best.p,
        reasons: [...reasons, `${best.intent} asked for: ${subjects.map((m) => m.slug).join(', ')} only a thin match`],
        ...language_,
      };
    }
    s.best = best;
    s.bestTopic = bestTopic;
    s.lexTopic = lexTopic;
    s.languageField = language_;
    // A topic the question itself names: the lexicon's sure words, or the classifier's clear pick.
    s.topic = bestTopic.p >= THRESHOLDS.topicProbability ? (bestTopic.intent as Topic) : undefined;
    s.topicP = s.topic ? bestTopic.p : 0;
    s.refersBack = context !== undefined && context.roles.length > 0 && REFERS_BACK.test(norm);
    return undefined;
  }

  /**
   * Ellipsis ("what about a lead?", "and staff?") keeps the conversation's topic unless a sure topic word names
   * another; elsewhere the classifier's pick must be clear to replace it.
   */
  private keepContextTopic(s: FreeTextReading): void {
    const { context, tokens, norm, named, followUp } = s;
    if (
      !s.lexTopic &&
      context?.topic &&
      // (Ellipsis that names another role — "what about a lead?" — asks the same; one that names none — "and common
      // pitfalls?" — asks something else, and the classifier's clear pick wins as in any follow-up.)
      ((followUp &&
        named.length > 0 &&
        (tokens.length <= THRESHOLDS.shortFollowUpWords ||
          s.topicP < THRESHOLDS.topicOverEllipsis ||
          this.bareEllipsis(tokens, named) ||
          SAME_QUESTION.test(norm))) ||
        s.topicP < THRESHOLDS.topicOverContext)
    ) {
      s.topic = context.topic;
      s.topicP = 1;
      s.reasons.push(`context: topic ${s.topic}`);
    }
  }

  /** Roles the conversation supplies: "the two", "the second one", the target of a move, "the engineer", a pick. */
  private fromConversation(s: FreeTextReading): void {
    const { context, tokens, norm, reasons, named, subjects, lexTopic, transition, comparing, pool } = s;
    // "which of the two pays better?": the last two roles, side by side.
    const three = context !== undefined && THE_THREE.test(norm);
    // (Said in so many words, "which of the two…" wins over a thin match: "which of the two is more NLP/LLM heavy".)
    const thinOnly = subjects.length > 0 && subjects.every((m) => m.score < THRESHOLDS.roleMatch);
    const theTwo = context !== undefined && (s.roles.length === 0 || thinOnly) && THE_TWO.test(norm);
    if (
      context &&
      (s.roles.length === 0 || (theTwo && thinOnly)) &&
      (three || theTwo || WHICH_BETTER.test(norm) || WHICH_OF_THEM.test(norm))
    ) {
      // ("which of those…" after three or more roles asks about all of them.)
      const n = three ? 3 : ALL_OF_THEM.test(norm) && context.roles.length > 2 ? context.roles.length : 2;
      const two =
        context.roles.length >= n
          ? context.roles.slice(0, n)
          : context.recent && context.recent.length >= n
            ? context.recent.slice(0, n).reverse()
            : [];
      if (two.length === n) {
        reasons.push(`context: the two roles ${two.join(', ')}`);
        s.roles = two;
        s.fromContext = true;
        // A choice between them ("which of the two is more hands-on?", "which one has more openings") names its own
        // criterion when the question's topic is clear; otherwise ("which of the two would you pick?") it keeps the
        // conversation's topic, as "compare them" and "those three" do (the overview when there was none).
        if (/\bwhich\b/.test(norm)) {
          if (!lexTopic && s.topicP < THRESHOLDS.compareTopicProbability) {
            s.topic = context.topic;
            s.topicP = s.topic ? 1 : 0;
          }
          reasons.push(s.topic ? `a choice between them: topic ${s.topic}` : 'a choice between them: the overview');
        } else this.keepContextTopic(s);
      }
    }
    // "the second one", "from the first to the second": a role by its place among the roles discussed (or shown).
    const background = named.length === 1 && BACKGROUND_CUES.has(tokens[Math.min(...(named[0] as RoleMention).positions) - 1] ?? '');
    if (context && (s.roles.length === 0 || background)) {
      // Among the roles discussed when there are two or more (in the order they came up), else those shown last.
      const list =
        context.roles.length >= 2
          ? context.roles
          : context.roles.length === 1 && context.recent && context.recent.length >= 2
            ? [...context.recent].reverse()
            : (context.shown ?? []);
      const matches = [...norm.matchAll(ORDINAL)];
      // Of two places in a move ("from the first to the second"), the target.
      const match = transition && matches.length > 1 ? matches[matches.length - 1] : matches[0];
      const word = match ? ((match[1] ?? match[2] ?? match[3] ?? match[4]) as string) : undefined;
      const index = word === undefined ? undefined : ORDINAL_INDEX[word];
      // "the other (one)": of the roles discussed, the one the last answer was not about, or the second of two discussed
      // together; in a move ("from one to the other") the later one: the last answer's.
      const other =
        context.roles.length === 1
          ? transition
            ? context.roles[0]
            : context.recent?.find((slug) => slug !== context.roles[0])
          : list[list.length - 1];
      const slug = word === 'other' ? other : index === undefined ? undefined : list[index < 0 ? list.length - 1 : index];
      if (match && slug && list.length >= 2) {
        reasons.push(`context: "${match[0]}" picks ${slug}`);
        s.roles = [slug];
        s.fromContext = true;
        if (!lexTopic) this.keepContextTopic(s);
      }
    }
    // "ok and I'm a senior MLE with 5 yoe, how far off am I?": the one role named is the asker's own, so the question
    // is about the roles in context.
    if (
      context?.roles.length &&
      s.roles.length === 1 &&
      !s.fromContext &&
      named.length === 1 &&
      !context.roles.includes(s.roles[0] as string)
    ) {
      const m = named[0] as RoleMention;
      let j = Math.min(...m.positions) - 1;
      while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
      // ("how long until I'm senior" names the target.)
      if (tokens[j] === 'm' && tokens[j - 1] === 'i' && !TARGET_CUES.has(tokens[j - 2] ?? '')) {
        reasons.push(`background: ${m.slug} (the asker's own), context: roles ${context.roles.join(', ')}`);
        s.roles = [...context.roles];
        s.fromContext = true;
      }
    }
    // "how would I get from research engineer to that", "can I move from network security into it": a move whose target
    // points back is about the role in context; the role named is where the asker starts.
    // ("to that", "into it", "get there"; every role named stands before it: "to that staff role" names its target.)
    const at =
      transition && context?.roles.length && !s.fromContext
        ? tokens.findIndex(
            (t, i) => (MOVE_TO.has(tokens[i - 1] ?? '') && MOVE_TO_IT.has(t)) || (t === 'there' && /^get/.test(tokens[i - 1] ?? '')),
          )
        : -1;
    if (context && at >= 0) {
      const target = context.roles.find((slug) => !named.some((m) => m.slug === slug));
      if (target && named.every((m) => Math.max(...m.positions) < at)) {
        reasons.push(
          `context: the target of the move is ${target}${named.length > 0 ? `, background: ${named.map((m) => m.slug).join(', ')}` : ''}`,
        );
        s.roles = [target];
        s.fromContext = true;
      }
    }
    // "the engineer", "the architect": a bare job noun after an article names the role discussed that has that noun
    // (each, in order: "what does the architect own that the engineer doesn't?"), over thin matches of it.
    if (context && !s.fromContext) {
      const picks = this.pickByNoun(tokens, [...new Set([...context.roles, ...(context.recent ?? [])])]);
      // (Over roles whose typed words are only those nouns: "architect" read with the context's implied words.)
      if (picks.length > 0 && subjects.every((m) => m.positions.every((p) => picks.some((k) => k.position === p)))) {
        reasons.push(`context: "the ${picks.map((p) => p.noun).join('", "the ')}" picks ${picks.map((p) => p.slug).join(', ')}`);
        s.roles = [...new Set(picks.map((p) => p.slug))];
        s.fromContext = true;
        if (s.roles.length >= 2 && !lexTopic) this.keepContextTopic(s);
      }
    }
    // "the junior one", "ok the ML systems one": one of the roles shown last (it wins over a looser reading).
    if (context && s.roles.length <= 1 && pool.length > 0 && !comparing) {
      const picked = this.pickShown(norm, pool, transition);
      if (picked) {
        reasons.push(`context: "${picked.words}" picks ${picked.slug} among the roles shown`);
        s.roles = [picked.slug];
        s.fromContext = true;
        // A pick names a role, not a topic: the conversation's topic, or the role's card (also after a list of
        // related roles, where the pick asks what that role is) — unless a longer question names its topic clearly
        // ("what does the staff one own that the lead doesn't").
        if (!lexTopic && (tokens.length <= THRESHOLDS.shortFollowUpWords || s.topicP < THRESHOLDS.topicOverContext)) {
          s.topic = context.topic === 'related' ? undefined : context.topic;
          s.topicP = 1;
          reasons.push(s.topic ? `context: topic ${s.topic}` : 'a pick with no topic: the role card');
        }
      }
    }
  }

  /** Help, the role list or out of scope over role words that name no role fully. */
  private overRoleWords(s: FreeTextReading): Query | undefined {
    const { context, reading, reasons, best, subjects, languageField: language_ } = s;
    // "what AI/ML careers do you have data on", "hey bot, junior mle here, got a couple questions": a request for the
    // role list or for help that happens to contain role words, when the model is sure of it.
    if (
      s.roles.length > 0 &&
      !s.fromContext &&
      !context?.roles.length &&
      (best.intent === 'help' || best.intent === 'roles') &&
      best.p >= THRESHOLDS.helpOverRoles
    ) {
      return {
        kind: best.intent,
        roles: [],
        confidence: best.p,
        reasons: [...reasons, `${best.intent} at ${best.p.toFixed(2)} over the role words`],
        ...language_,
      };
    }
    // "langchain or llamaindex for a RAG app?", "UX designer vs UX researcher?", "what's a quant researcher": role words
    // that name no role fully (a word or two of a name), in a message the model reads as out of scope. (Topic words
    // do not save them: "what do venture partners get paid?" is no salary question of a research scientist. A name
    // typed in full with typos, "whats a machien learning data architect", has more words and stays.)
    if (
      s.roles.length > 0 &&
      !s.fromContext &&
      !context?.roles.length &&
      best.intent === 'unknown' &&
      best.p >= THRESHOLDS.unknownOverThinRoles &&
      subjects.every((m) => m.score < 1 && m.positions.length <= THRESHOLDS.thinMatchWords)
    ) {
      return {
        ...this.unknown(reading, 'out-of-scope', [...reasons, `out of scope at ${best.p.toFixed(2)}: the role words name no role fully`]),
        ...language_,
      };
    }
    // "hello, I'm a senior MLE at a fintech": an introduction that asks nothing, the roles the asker's own, is a hello.
    if (
      s.roles.length > 0 &&
      !s.fromContext &&
      !context?.roles.length &&
      !s.text.includes('?') &&
      ((best.intent === 'help' && best.p >= THRESHOLDS.helpProbability) || introducesOnly(s.norm)) &&
      subjects.every((m) => this.askersOwn(s.tokens, m))
    ) {
      return {
        kind: 'help',
        roles: [],
        confidence: best.p,
        reasons: [...reasons, `help at ${best.p.toFixed(2)}: an introduction that asks nothing`],
        ...language_,
      };
    }
    // "I'm a junior ML engineer. how do I become a product manager?", "been a senior MLE for 5 years, considering becoming
    // a prompt engineer": the roles named are the asker's own, and the question is about another profession.
    if (s.roles.length > 0 && !s.fromContext && !context?.roles.length && subjects.every((m) => this.askersOwn(s.tokens, m))) {
      const masked = s.tokens.map((t, i) => (subjects.some((m) => m.positions.includes(i)) ? '' : t));
      const other = this.outOfScope(masked);
      if (other)
        return {
          ...this.unknown(reading, 'out-of-scope', [...reasons, `${other.reason}, beside the asker's own role`]),
          ...language_,
        };
    }
    // "data architect (classic, not ML)", "network security engineer (no AI, just firewalls)": a role named without its
    // AI/ML word, in a message that sets the field aside, is the profession outside it.
    if (
      s.roles.length > 0 &&
      !s.fromContext &&
      setsFieldAside(s.tokens) &&
      subjects.every(
        (m) =>
          !m.positions.some((p) => FIELD_WORDS.has(s.tokens[p] as string) && !(setAside(s.tokens, p) && !m.positions.includes(p + 1))) &&
          (this.namesBySlug.get(m.slug)?.[0] ?? []).some((w) => FIELD_WORDS.has(w)),
      )
    ) {
      return {
        ...this.unknown(reading, 'out-of-scope', [...reasons, 'out of scope: the role words name the profession outside AI/ML']),
        ...language_,
      };
    }
    return undefined;
  }

  /**
   * Whether a mention is the asker's own role, said of themselves: "I'm a…", "been a…", "currently…" before it, or "here"
   * after it (not "as a…", "from a…", "after…": those also stand before a role sought or compared).
   */
  private askersOwn(tokens: readonly string[], m: RoleMention): boolean {
    const start = Math.min(...m.positions);
    if (BACKGROUND_AFTER.has(tokens[Math.max(...m.positions) + 1] ?? '')) return true;
    for (let j = start - 1, seen = 0; j >= 0 && seen < 3; j--, seen++) {
      const t = tokens[j] as string;
      if (SELF_CUES.has(t) || (t === 'm' && tokens[j - 1] === 'i')) return true;
      if (TARGET_CUES.has(t) || !(TARGET_FILLER.has(t) || ROLE_WORD_ANCHORS.has(t))) return false;
    }
    return false;
  }

  /** No role named: help, out of scope, role words alone, the conversation's roles, or a topic across roles. */
  private noRoleNamed(s: FreeTextReading): Query | undefined {
    const { context, reading, tokens, norm, reasons, scores, best, lexTopic, followUp, refersBack, elliptic, languageField: language_ } = s;
    // (In a conversation, a job noun of another profession beside a word pointing back is said about the roles
    // discussed: "is it all senior data engineers now?" after the ML data architect's market.)
    const oos = this.outOfScope(tokens);
    // "pytorch or tensorflow?", "kubeflow vs airflow", "is pytorch or jax better for them to learn": a choice between
    // two tools, with no role named, is an opinion on tools, in a conversation too. (With a role named, or its words —
    // "pytorch or tensorflow for research scientist jobs?" — it asks the role's skills.)
    if (TOOL_CHOICE.test(norm) && this.roleWordCandidates(tokens).slugs.length === 0)
      return { ...this.unknown(reading, 'out-of-scope', [...reasons, 'out of scope: a choice between tools']), ...language_ };
    // ("hey team — Marco, data scientist, 4 yrs. first time using this": an introduction that asks nothing is a hello,
    // whatever the asker's profession.)
    const asksNothing = !context?.roles.length && !s.text.includes('?') && !tokens.some((t) => OFF_TOPIC_WORDS.has(t));
    const introduces = asksNothing && introducesOnly(norm);
    const introduction = introduces || (asksNothing && best.intent === 'help' && best.p >= THRESHOLDS.helpProbability);
    if (introduces) return { ...hello(best, [...reasons, 'an introduction that asks nothing']), ...language_ };
    // ("what positions are you able to talk about? is data analyst one of them?": the role list asked for, another
    // profession named beside it.)
    const listWords = best.intent === 'roles' && LIST_ASKED.test(norm);
    const listAsked = !context?.roles.length && best.intent === 'roles' && (best.p >= THRESHOLDS.rolesOverOtherProfession || listWords);
    if (oos && !introduction && !listAsked && (!oos.qualified || !refersBack || elliptic))
      return { ...this.unknown(reading, 'out-of-scope', [...reasons, oos.reason]), ...language_ };
    if (oos)
      reasons.push(
        `${oos.reason}, but ${introduction ? 'an introduction that asks nothing' : listAsked ? 'the role list is asked for' : 'it points back at the conversation'}`,
      );
    // Words that are neither intent words nor filler: what the question is really about.
    const content = tokens.filter(
      (t, i) => !scores.positions.has(i) && (t.length > 2 || this.genericWords.has(t)) && !CONTENT_STOP.has(t) && !/^\d/.test(t),
    );
    const unknownWords = content.filter((t) => !this.vocabulary.has(t)).length;
    // A short hello ("hiii", "sup", "help pls", "@Career Advisor ???"): only help words and filler, or the bot's name.
    const helpWordsOnly =
      scores.best === 'help' &&
      tokens.every((t, i) => scores.positions.has(i) || HELLO_FILLER.has(t)) &&
      [...scores.scores].every(([intent, v]) => intent === 'help' || !v);
    if (tokens.length <= THRESHOLDS.helloWords && (helpWordsOnly || tokens.every((t) => t === 'career' || t === 'advisor' || t === 'bot')))
      return { ...hello(best, [...reasons, 'a short hello: help words only']), ...language_ };
    // In a conversation, help or the role list must be asked for in so many words; a guess there is a follow-up.
    const asksForBot =
      !context?.roles.length || scores.best === 'help' || scores.best === 'roles' || best.p >= THRESHOLDS.helpInConversation;
    if ((best.intent === 'help' || best.intent === 'roles') && asksForBot && (listWords || !(refersBack || (followUp && lexTopic)))) {
      // "can you help me fix this python import error" is not a question about the bot ("what does this bot even do
      // tbh" is).
      const aboutTheBot = !context?.roles.length && ((ABOUT_THE_BOT.test(norm) && ASKS.test(norm)) || BOT_ADDRESSED.test(norm));
      if ((unknownWords < 2 && content.length < 4) || best.p >= THRESHOLDS.helpProbability || aboutTheBot || listWords) {
        return { kind: best.intent, roles: [], confidence: Math.max(best.p, THRESHOLDS.followUpConfidence), reasons, ...language_ };
      }
      return {
        ...this.unknown(reading, 'out-of-scope', [...reasons, `out of scope: asks for help with something else (${content.join(' ')})`]),
        ...language_,
      };
    }
    // "what does this bot even do", "new here, what is the career advisor for": a question about the bot itself.
    // ("what are your capabilities" names nothing else the bot could be asked to do: help however sure the model is.)
    if (
      !context?.roles.length &&
      (BOT_ITSELF.test(norm) ||
        (((ABOUT_THE_BOT.test(norm) && ASKS.test(norm)) || BOT_ADDRESSED.test(norm)) &&
          !(best.intent === 'unknown' && best.p >= THRESHOLDS.helpProbability)))
    ) {
      return {
        kind: 'help',
        roles: [],
        confidence: THRESHOLDS.followUpConfidence,
        reasons: [...reasons, 'asks about the bot itself'],
        ...language_,
      };
    }
    const short = tokens.length <= THRESHOLDS.shortFollowUpWords;
    const followsUp =
      context !== undefined &&
      context.roles.length > 0 &&
      (followUp || refersBack || short || (best.intent !== 'unknown' && s.topic !== undefined));
    // In a conversation too, when the model is sure, no topic word points back and it is not read as ellipsis
    // ("lol nice", "ok forget it, is gpt-5 out?", "can u write my cover letter for it"): it leaves the roles.
    const sureOut = best.intent === 'unknown' && best.p >= THRESHOLDS.unknownInConversation && !lexTopic && !followUp;
    if ((!followsUp || sureOut) && best.intent === 'unknown')
      return { ...this.unknown(reading, 'out-of-scope', [...reasons, 'classified out of scope']), ...language_ };
    // With no role named and nothing to follow up on, the question's words must mostly be ones the knowledge
    // uses: "tips for marathon training" is not a best-practices question about these careers.
    if (!followsUp && unknownWords > 0 && unknownWords >= content.length - unknownWords) {
      return {
        ...this.unknown(reading, 'out-of-scope', [
          ...reasons,
          `out of scope: ${unknownWords} of ${content.length} words unknown to the knowledge`,
        ]),
        ...language_,
      };
    }
    // Content words that are no role's words: what an overview of no role would be of.
    const aboutElse = content.filter((t) => !this.roleWords.has(t) && !LIST_NOUNS.has(t));
    // "what about a lead?" with nothing before it points at a conversation that is not there: ask back instead.
    const alone = elliptic && !context ? { slugs: [], generic: false } : this.roleWordCandidates(tokens);
    // In a conversation, role words that fit several roles name the one of the family discussed, or none.
    if (followsUp && alone.slugs.length > 1) {
      const family = context ? this.closestFamily(alone.slugs, context.roles) : undefined;
      alone.slugs = family ? [family] : [];
    }
    if (alone.slugs.length === 1) {
      s.roles = alone.slugs;
      s.fromContext = true; // as sure as a follow-up: the words fit no other role
      reasons.push(`role words alone fit one role: ${s.roles[0]}`);
      if (followUp) this.keepContextTopic(s);
    } else if (alone.slugs.length > 1) {
      reasons.push(`role words fit ${alone.slugs.length} roles: which one?`);
      return {
        kind: 'topic',
        roles: [],
        ...(s.topic ? { topic: s.topic } : {}),
        confidence: THRESHOLDS.followUpConfidence,
        reasons,
        candidates: alone.slugs,
        ...language_,
      };
    } else if (followsUp && context) {
      s.roles = [...context.roles];
      s.fromContext = true;
      reasons.push(`context: roles ${s.roles.join(', ')}`);
      if (followUp) this.keepContextTopic(s);
    } else if (elliptic && !context && !lexTopic) {
      return { ...this.unknown(reading, 'no-role', [...reasons, 'a follow-up with no conversation before it']), ...language_ };
    } else if (s.topic === 'overview' && !context?.roles.length && (tokens.some((t) => LIST_NOUNS.has(t)) || aboutElse.length > 0)) {
      // An overview of no role: the careers themselves ("give me an overview of the careers") are the role list;
      // one of something else ("what is a mixture of experts model") is about what these careers are not. (With
      // neither, "give me an overview", it asks which role.)
      if (tokens.some((t) => LIST_NOUNS.has(t)))
        return {
          kind: 'roles',
          roles: [],
          confidence: Math.min(s.topicP, 0.8),
          reasons: [...reasons, 'an overview of no role: the role list'],
          ...language_,
        };
      return {
        ...this.unknown(reading, 'out-of-scope', [...reasons, `out of scope: an overview of ${aboutElse.join(' ')}`]),
        ...language_,
      };
    } else if (s.topic) {
      return {
        kind: 'topic',
        roles: [],
        topic: s.topic,
        confidence: Math.min(s.topicP, 0.8),
        reasons: [...reasons, `no role named${alone.generic ? ' (words shared by every profile)' : ''}: topic across roles`],
        ...language_,
      };
    } else {
      return { ...this.unknown(reading, 'no-role', [...reasons, 'no role and no sure topic']), ...language_ };
    }
    return undefined;
  }

  /** Roles named in a conversation: compared with the roles in context, or the same question of another role. */
  private inConversation(s: FreeTextReading): void {
    const context = s.context as ConversationContext;
    const { tokens, norm, reasons, subjects, lexTopic, followUp } = s;
    // "how does that compare to infra architects", "how's that stack up vs a staff one?": the roles in context
    // come first, then the new ones, on the topic of the conversation unless a new one is named.
    if (
      context.roles.length > 0 &&
      (THAT_COMPARE.test(norm) || (followUp && COMPARATIVE.test(norm) && !ELLIPTIC_ONE.test(norm))) &&
      // "how's that different for a lead" asks the same for the lead: no comparison.
      !DIFFERENT_FOR.test(norm) &&
      (PRONOUN.test(norm) || followUp || (subjects.length === 1 && this.comparedWith(tokens, subjects[0] as RoleMention)))
    ) {
      // The role the comparison is about comes first: the subject of "how does a lead ML architect compare to it",
      // or a role named before the comparing word with no pronoun ("and the research manager, earns more?"); the
      // context's role stays first when it is what the new one is compared with ("vs a research scientist", "how's
      // that different from…", "and a lead, does that pay more?").
      const newFirst = subjects.length > 0 && this.newRoleFirst(tokens, Math.min(...subjects.flatMap((m) => m.positions)));
      const compared = newFirst ? [...s.roles, ...context.roles] : [...context.roles, ...s.roles];
      s.roles = [...new Set(compared)];
      s.fromContext = true;
      reasons.push(`context: compared with ${context.roles.join(', ')}${newFirst ? ' (the new role first: it is the subject)' : ''}`);
      this.keepContextTopic(s);
      // Two roles side by side after a list of related roles ("how does the research scientist one differ") compare
      // the roles themselves, not their related roles.
      if (s.topic === 'related' && context.topic === 'related' && !lexTopic) {
        s.topic = undefined;
        reasons.push('a comparison after related roles: the overview');
      }
    } else if (followUp && !(context.topic === 'related' && !s.roles.some((slug) => context.roles.includes(slug)))) {
      // (After related roles, another role named alone asks what that role is, not for its related roles.)
      this.keepContextTopic(s);
      s.fromContext = s.topic === context.topic;
    }
  }

  /** The query: its kind, confidence and topic. */
  private finish(s: FreeTextReading): Query {
    const { reasons, subjects, lexTopic, languageField: language_ } = s;
    // A thin but distinctive match ("lead", "infra") is still a fair reading: 0.3 of a name → 0.65.
    const roleConfidence = Math.min(1, ...subjects.map((m) => 0.5 + m.score / 2));
    let confidence = Number((roleConfidence * (s.topic ? Math.max(s.topicP, 0.5) : THRESHOLDS.cardConfidence)).toFixed(2));
    if (s.fromContext) confidence = Math.max(confidence, THRESHOLDS.followUpConfidence);
    const kind = s.roles.length >= 2 ? 'compare' : 'topic';
    // "staff mla = ?", "ml systems engineer = mlops?": a role set equal to a question mark or another name asks what it
    // is, unless a topic word says what of it.
    if (!lexTopic && s.topic !== 'overview' && /[^=<>!]=(?!=)|^=/.test(s.text)) {
      s.topic = 'overview';
      s.topicP = 1;
      reasons.push('"X = ?": the overview');
    }
    // A pay figure about a role asks about its pay ("offered $165,000 as an ML infrastructure architect, is that
    // low?", "can an ML systems architect really hit 335k?"), whatever else the words lean to.
    if (s.topic !== 'salary' && quotesPay(s.text)) {
      s.topic = 'salary';
      s.topicP = 1;
      reasons.push('a pay figure: salary');
    }
    // Side by side with no clear topic is the roles' overview.
    if (kind === 'compare' && !s.fromContext && !lexTopic && s.topicP < THRESHOLDS.compareTopicProbability) s.topic = 'overview';
    if (kind === 'compare') s.topic ??= 'overview';
    return { kind, roles: s.roles, ...(s.topic ? { topic: s.topic } : {}), confidence, reasons, ...language_ };
  }

  /** Whether a message is only a role named and ellipsis words ("what about the AI protection analyst one"). */
  private bareEllipsis(tokens: readonly string[], named: readonly RoleMention[]): boolean {
    return tokens.every((t, i) => named.some((m) => m.positions.includes(i)) || ELLIPSIS_WORDS.has(t));
  }

  /** Whether a role stands as the subject of "how does/would <role> compare/differ/stack up". */
  private subjectOfCompare(tokens: readonly string[], m: RoleMention): boolean {
    let j = Math.min(...m.positions) - 1;
    while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
    let k = Math.max(...m.positions) + 1;
    while (ELLIPTIC_NOUN.has(tokens[k] ?? '')) k++;
    return HOW_AUX.has(tokens[j] ?? '') && tokens[j - 1] === 'how' && /^(?:compare|compared|differ|differs|measure)$/.test(tokens[k] ?? '');
  }

  /** Whether the one role named stands right after "vs" or "compared to/with" ("what's the pay vs a research scientist"). */
  private comparedWith(tokens: readonly string[], m: RoleMention): boolean {
    let j = Math.min(...m.positions) - 1;
    while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
    const before = tokens[j] ?? '';
    return before === 'vs' || before === 'versus' || ((before === 'to' || before === 'with') && /^compar/.test(tokens[j - 1] ?? ''));
  }

  /** Whether a new role named at `start` is what a comparison with the context's roles is about (see the caller). */
  private newRoleFirst(tokens: readonly string[], start: number): boolean {
    const compared = tokens.findIndex((t) => COMPARED_TO.has(t));
    if (compared < 0 || start > compared) return false;
    let j = start - 1;
    while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
    const subjectOfHow = HOW_AUX.has(tokens[j] ?? '') && tokens[j - 1] === 'how';
    return subjectOfHow || !tokens.some((t) => POINTS_BACK.has(t));
  }

  /** Whether a mention stands as a contrast: "that the lead doesn't", "that a junior isn't". */
  private isContrast(tokens: readonly string[], m: RoleMention): boolean {
    const first = Math.min(...m.positions);
    const last = Math.max(...m.positions);
    let j = first - 1;
    while (j >= 0 && TARGET_FILLER.has(tokens[j] as string)) j--;
    let k = last + 1;
    while (ELLIPTIC_NOUN.has(tokens[k] ?? '')) k++;
    const next = tokens[k] ?? '';
    const negated = (NEGATED.has(next) && tokens[k + 1] === 't') || next === 'cannot' || (NEGATABLE.has(next) && tokens[k + 1] === 'not');
    return tokens[j] === 'that' && j < first - 1 && negated;
  }

  /** Of several roles, the one sharing the most title words with the roles in context, if only one does. */
  private closestFamily(candidates: readonly string[], contextRoles: readonly string[]): string | undefined {
    if (candidates.length < 2) return undefined;
    const around = new Set(contextRoles.flatMap((slug) => this.titleTokens.get(slug) ?? []));
    const overlap = (slug: string) => (this.titleTokens.get(slug) ?? []).filter((t) => around.has(t)).length;
    const [first, second] = candidates.map((slug) => ({ slug, n: overlap(slug) })).sort((a, b) => b.n - a.n);
    return first && second && first.n > second.n ? first.slug : undefined;
  }

  /** Each "the <job noun>" of a message that names exactly one of the roles discussed, in order. */
  private pickByNoun(tokens: readonly string[], discussed: readonly string[]): Array<{ slug: string; noun: string; position: number }> {
    const picks: Array<{ slug: string; noun: string; position: number }> = [];
    for (let i = 1; i < tokens.length; i++) {
      const noun = tokens[i] as string;
      if (!ROLE_NOUNS.has(noun) || noun === 'lead' || !ARTICLE_OF_PICK.has(tokens[i - 1] as string)) continue;
      if (ELLIPTIC_NOUN.has(tokens[i + 1] ?? '')) continue; // "the engineer one" is the X-one pick's
      const fits = discussed.filter((slug) => (this.titleTokens.get(slug) ?? []).includes(noun));
      if (fits.length === 1) picks.push({ slug: fits[0] as string, noun, position: i });
      else return []; // a noun that fits none or several: not a pick
    }
    return picks;
  }

  /** The role among `pool` a phrase like "the junior one" names, if exactly one fits. */
  private pickShown(norm: string, pool: readonly string[], transition = false): { slug: string; words: string } | undefined {
    // Of two picks in a move ("from the junior one to the senior one"), the target.
    const m = transition ? [...norm.matchAll(new RegExp(THE_X_ONE.source, 'g'))].at(-1) : THE_X_ONE.exec(norm);
    if (!m) return undefined;
    const words = canonicalize(((m[1] ?? m[2]) as string).split(' ')).filter((w) => w !== 'ok' && w !== 'okay');
    if (words.length === 0) return undefined;
    const fits = pool.filter((slug) => this.namesBySlug.get(slug)?.some((name) => words.every((w) => name.includes(w))));
    // Of several that fit, the one whose title says it ("the junior one": AI ML Engineer Junior, not an alias).
    const byTitle = fits.filter((slug) => words.every((w) => (this.namesBySlug.get(slug)?.[0] ?? []).includes(w)));
    const one = fits.length === 1 ? fits : byTitle.length === 1 ? byTitle : [];
    return one.length === 1 ? { slug: one[0] as string, words: words.join(' ') } : undefined;
  }
}

/** A sentence's end followed by another sentence. */
const SENTENCE_BREAK = /[.!?]\s+\S/;

/**
 * Per canonical token of `text`, 1 when it stands in a sentence that asks (ends with "?"), else 0; undefined when
 * no sentence asks or the sentences' tokens do not line up with `tokens` (a phrase across a sentence break).
 */
function askedPositions(text: string, tokens: readonly string[]): Uint8Array | undefined {
  const out = new Uint8Array(tokens.length);
  let at = 0;
  let asks = false;
  for (const sentence of text.match(/[^.!?]+(?:[.!?]+|$)/g) ?? []) {
    const words = read(sentence).tokens;
    const question = sentence.includes('?');
    for (const w of words) {
      if (at >= tokens.length) break;
      if (tokens[at] !== w) return undefined;
      out[at++] = question ? 1 : 0;
    }
    asks ||= question && words.length > 0;
  }
  return asks && at === tokens.length ? out : undefined;
}

/** Whether `run` stands in `name` word after word. */
function containsRun(name: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= name.length; i++) if (run.every((w, k) => name[i + k] === w)) return true;
  return false;
}

/** Whether the words of `run` all stand in `name`, in that order. */
function containsInOrder(name: readonly string[], run: readonly string[]): boolean {
  let j = 0;
  for (const w of name) if (w === run[j]) j++;
  return j === run.length;
}

/** The likeliest of the first `count` intents of INTENTS (all of them, or the topics, which come first). */
function argmax(dist: Float64Array, count: number): { intent: Intent; p: number } {
  let intent = INTENTS[0] as Intent;
  let p = -1;
  for (let i = 0; i < count; i++) {
    const v = dist[i] as number;
    if (v > p) {
      p = v;
      intent = INTENTS[i] as Intent;
    }
  }
  return { intent, p };
}

/** The topic the lexicon is sure enough of, if any. */
function topicOf(scores: IntentScores, min: number): Topic | undefined {
  let best: Topic | undefined;
  let score = 0;
  for (const [intent, s] of scores.scores) {
    if (s > score && isTopic(intent)) {
      best = intent;
      score = s;
    }
  }
  if (best && scores.best && isTopic(scores.best) && (scores.scores.get(scores.best) ?? 0) >= score) best = scores.best;
  return best && score >= min ? best : undefined;
}

/** Whether an ascending list holds a value. */
function sortedHas(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
