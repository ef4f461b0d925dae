/**
 * Questions in other languages. Spanish, French, German and Portuguese are understood: the language is told by its
 * own function and topic words (reliable on the short, English-mixed messages people send — role names are English
 * already), and a small phrasebook turns its topic words, greetings and requests for help into English before the
 * resolver reads the message; the answer is in English with one line saying so. Any other language — a non-Latin
 * script, or a Latin-script message without English or supported words that `franc-min` names — gets a polite
 * English answer naming the languages understood, never a wrong topic.
 */
import { createRequire } from 'node:module';
import type { franc as francDetect } from 'franc-min';

/**
 * franc-min's detector, loaded the first time a message needs it (one without English or supported words, or in a
 * non-Latin script): evaluating its module builds its trigram tables, ~13 ms that every start paid for the few
 * messages that ask. franc-min is ESM-only; node 20.19+ `require()`s an ES module synchronously, so detection stays
 * synchronous and gives the same result. An older node imports it up front, as before.
 */
let francDetector: typeof francDetect | undefined = process.features.require_module ? undefined : (await import('franc-min')).franc;
function franc(text: string, options: { minLength: number }): string {
  return (francDetector ??= loadDetector())(text, options);
}
function loadDetector(): typeof francDetect {
  return (createRequire(import.meta.url)('franc-min') as { franc: typeof francDetect }).franc;
}

/**
 * Loads the language detector now: a process that serves many messages (the platforms, the chat, `ask --json`) calls
 * this at start, so the first message in an unsupported language does not load it inside its answer.
 */
export function loadLanguageDetector(): void {
  francDetector ??= loadDetector();
}

/** Languages whose questions are understood (ISO 639-1), besides English. */
export const UNDERSTOOD = ['es', 'fr', 'de', 'pt'] as const;
export type Understood = (typeof UNDERSTOOD)[number];

export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
  nl: 'Dutch',
  pl: 'Polish',
  ru: 'Russian',
  uk: 'Ukrainian',
  zh: 'Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  ar: 'Arabic',
  hi: 'Hindi',
  tr: 'Turkish',
  sv: 'Swedish',
  da: 'Danish',
  no: 'Norwegian',
  fi: 'Finnish',
  cs: 'Czech',
  ro: 'Romanian',
  hu: 'Hungarian',
  el: 'Greek',
  he: 'Hebrew',
  fa: 'Persian',
  vi: 'Vietnamese',
  th: 'Thai',
  id: 'Indonesian',
  bn: 'Bengali',
};

/** franc's ISO 639-3 codes → ISO 639-1, for the languages it can name. */
const ISO3: Readonly<Record<string, string>> = {
  eng: 'en',
  spa: 'es',
  fra: 'fr',
  deu: 'de',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  pol: 'pl',
  rus: 'ru',
  ukr: 'uk',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  arb: 'ar',
  hin: 'hi',
  tur: 'tr',
  swe: 'sv',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  ces: 'cs',
  ron: 'ro',
  hun: 'hu',
  ell: 'el',
  heb: 'he',
  pes: 'fa',
  vie: 'vi',
  tha: 'th',
  ind: 'id',
  ben: 'bn',
};

/** Words that only (or almost only) that language uses, accent-free as `normalizeText` leaves them. */
const MARKERS: Readonly<Record<Understood | 'en', ReadonlySet<string>>> = {
  en: new Set(
    (
      'what how much does do is are the a an of for to in on and or with about can should would my your i you me which who why when where make earn salary skills need become get ' +
      // chat shorthand is English too
      'pls plz thx ty tl dr tldr lol lmao u ur im rn idk btw imo tbh gonna wanna ok okay hey hi yo sup gm gn ngl fr wdym wyd hmm'
    ).split(' '),
  ),
  es: new Set(
    'conoces cubres tienes trabajos puestos lista funciona favor preguntar que cuanto cuanta cuantos gana ganan el los las del para por hola ayuda ayudame necesito puedo cual cuales sueldo salario habilidades trabajo donde llegar soy hay como hacer ser un una es buenas gracias requisitos carrera comparado llego puesto tendencias mas hablame del vale adios chao llamo hasta luego paso pasar'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'connais couvres postes metiers liste faut depuis ans tu demander comment devenir est ce qu quoi combien gagne le les des du pour bonjour aide salaire competences etre je suis quel quelle quels metier faire avec sont un une merci salut et par rapport mieux paye ou ca marche sers quoi apres sont coucou appelle sais peux utilise passer'.split(
      ' ',
    ),
  ),
  de: new Set(
    'kennst rollen berufe bitte liste nachteile ohne du hast deiner was ist ein eine einen wie viel verdient werden welche braucht hallo hilfe gehalt fahigkeiten faehigkeiten ich bin und fur fuer der das beruf kann gibt man wird danke mehr oder vergleich komme erklar erklaer mir zeig alle moin servus guten tschuss vom zum zur'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'posso perguntar conhece cobre profissoes carreiras cargos vc voce lista funciona esse ruim que quanto quanta ganha um uma os do da para ola ajuda salario habilidades tornar virar eu sou qual quais precisa trabalho carreira obrigado como ser fazer comparado mais chego vindo fala fale sobre sao nao oi tchau valeu alguem gente acabei passar proximo passo'.split(
      ' ',
    ),
  ),
};

/**
 * Words of Latin-script languages that are not understood, which none of the understood ones (nor English chat) uses:
 * two of them, outnumbering the understood language's words, tell an Italian, Dutch, Polish, Swedish or Turkish
 * question from a Spanish or Portuguese one that shares a few words ("quanto", "un").
 */
const OTHER_MARKERS: Readonly<Record<string, ReadonlySet<string>>> = {
  it: new Set(
    'quanto come si che chi cosa di perche diventare diventa diventato guadagna guadagnano stipendio vorrei grazie ciao buongiorno sono della dello degli nella nel alla sul tra differenza lavoro ingegnere architetto ricercatore liceo capire italia anni esperienza quali serve bisogno fare essere molto anche fa fanno gli dei delle negli nelle questo questa posso puoi devo bisogna competenze carriera tendenze sfide mercato ruolo ruoli aiuto salve lavorare guadagnare'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'wat verdient hoeveel een het hoe wordt worden ik mijn moet niet zijn welke bedankt salaris vaardigheden opleiding baan nederland amsterdam verdien kun kan jij waarom hebben heb goed allemaal er veel vraag naar werkt deze dit voor wij doet waar wanneer ook nog maar toekomst uitdagingen goedemorgen'.split(
      ' ',
    ),
  ),
  pl: new Set(
    'jak zostac ile zarabia czy jest sie robi jaki jakie jaka praca pracy dzien dobry dziekuje umiejetnosci wynagrodzenie inzynier polsce'.split(
      ' ',
    ),
  ),
  sv: new Set('hur mycket tjanar vad gor bli blir jag lon arbete hej tack'.split(' ')),
  cs: new Set('kolik vydelava jaky jaka jake plat ahoj budoucnost co dela delat mohu muzu potrebuji dekuji prosim dobry'.split(' ')),
  fi: new Set('mika mita palkka miten kuinka paljon ansaitsee tulla tekee taidot hei kiitos onko tyo ura'.split(' ')),
  tr: new Set('nasil kadar kazanir nedir olmak icin merhaba maas beceriler hangi nerede'.split(' ')),
};

/**
 * Foreign words and phrases → English, per language; longest first when applied. Only what a question about these
 * careers needs: topic words, role nouns, greetings, help, question words.
 */
const PHRASEBOOK: Readonly<Record<Understood, ReadonlyArray<[string, string]>>> = {
  es: [
    ['cuanto tiempo', 'how long'],
    ['cuantos anos', 'how many years'],
    ['tarea', 'homework'],
    ['deberes', 'homework'],
    ['de los dos', 'of the two'],
    ['de las dos', 'of the two'],
    ['los dos', 'both'],
    ['las dos', 'both'],
    ['paso de', 'move from'],
    ['pasar de', 'move from'],
    ['pasar del', 'move from the'],
    ['a', 'to'],
    ['al', 'to the'],
    ['hasta', 'until'],
    ['adios', 'bye'],
    ['chao', 'bye'],
    ['hasta luego', 'see you'],
    ['me llamo', 'my name is'],
    ['trabajo en', 'i work in'],
    ['que sabes hacer', 'what can you do'],
    ['como te uso', 'how do i use you'],
    ['hablame de', 'tell me about'],
    ['hablame del', 'tell me about the'],
    ['del', 'of the'],
    ['los', 'the'],
    ['las', 'the'],
    ['ser', 'be'],
    ['ia', 'ai'],
    ['seguridad', 'security'],
    ['redes', 'network'],
    ['red', 'network'],
    ['plataforma', 'platform'],
    ['investigacion', 'research'],
    ['calidad', 'quality'],
    ['datos', 'data'],
    ['modelos grandes', 'large model'],
    ['grandes modelos', 'large model'],
    ['cuanto gana', 'how much does earn'],
    ['cuanto ganan', 'how much do earn'],
    ['cuanto cobra', 'how much does earn'],
    ['cuanto se gana', 'how much earn'],
    ['que es', 'what is'],
    ['que hace exactamente', 'what exactly does do'],
    ['de que se encarga', 'what is in charge of'],
    ['se encarga de', 'in charge of'],
    ['se encarga', 'in charge'],
    ['que hace', 'what does do'],
    ['exactamente', 'exactly'],
    ['que hacen', 'what do do'],
    ['como llegar a ser', 'how to become'],
    ['como ser', 'how to become'],
    ['como convertirse en', 'how to become'],
    ['como me convierto en', 'how do i become'],
    ['llegar a ser', 'become'],
    ['como llego a', 'how do i get to'],
    ['llego a', 'get to'],
    ['llegar a', 'get to'],
    ['convertirse en', 'become'],
    ['dia a dia', 'day to day'],
    ['habilidades blandas', 'soft skills'],
    ['buenas practicas', 'best practices'],
    ['roles relacionados', 'related roles'],
    ['puestos relacionados', 'related roles'],
    ['aprendizaje automatico', 'machine learning'],
    ['inteligencia artificial', 'artificial intelligence'],
    ['de datos', 'data'],
    ['salario', 'salary'],
    ['sueldo', 'salary'],
    ['gana', 'earn'],
    ['ganan', 'earn'],
    ['paga', 'pay'],
    ['habilidades', 'skills'],
    ['competencias', 'skills'],
    ['conocimientos', 'skills'],
    ['responsabilidades', 'responsibilities'],
    ['funciones', 'responsibilities'],
    ['tareas', 'tasks'],
    ['estudios', 'education'],
    ['titulo', 'degree'],
    ['carrera', 'career'],
    ['formacion', 'education'],
    ['certificaciones', 'certifications'],
    ['mercado', 'market'],
    ['demanda', 'demand'],
    ['tendencias', 'trends'],
    ['futuro', 'future'],
    ['desafios', 'challenges'],
    ['retos', 'challenges'],
    ['dificultades', 'challenges'],
    ['consejos', 'tips'],
    ['arquitecto', 'architect'],
    ['arquitecta', 'architect'],
    ['ingeniero', 'engineer'],
    ['ingeniera', 'engineer'],
    ['cientifico', 'scientist'],
    ['investigador', 'researcher'],
    ['infraestructura', 'infrastructure'],
    ['sistemas', 'systems'],
    ['principal', 'lead'],
    ['que te puedo preguntar', 'what can i ask you'],
    ['que puedo preguntar', 'what can i ask'],
    ['que roles conoces', 'which roles do you know'],
    ['por favor', 'please'],
    ['base de datos', 'database'],
    ['conoces', 'do you know'],
    ['cubres', 'do you cover'],
    ['muestrame', 'show me'],
    ['ensename', 'show me'],
    ['dime', 'tell me'],
    ['todos los', 'all the'],
    ['todas las', 'all the'],
    ['todos', 'all'],
    ['todas', 'all'],
    ['tienes', 'do you have'],
    ['trabajos', 'jobs'],
    ['puestos', 'jobs'],
    ['profesiones', 'professions'],
    ['lista', 'list'],
    ['funciona', 'work'],
    ['doctorado', 'phd'],
    ['maestria', 'masters'],
    ['anos de experiencia', 'years of experience'],
    ['lo peor', 'worst part'],
    ['dificil', 'hard'],
    ['como funciona esto', 'how does this work'],
    ['para que sirves', 'what can you do'],
    ['que puedes hacer', 'what can you do'],
    ['y despues', 'and what comes after'],
    ['comparado con', 'compared to'],
    ['en comparacion con', 'compared to'],
    ['gana mas', 'earns more'],
    ['mas', 'more'],
    ['o', 'or'],
    ['hola', 'hi'],
    ['soy', 'i am'],
    ['ayuda', 'help'],
    ['ayudame', 'help'],
    ['gracias', 'thanks'],
    ['roles', 'roles'],
    ['un', 'a'],
    ['una', 'a'],
    ['el', 'the'],
    ['la', 'the'],
    ['de', 'of'],
    ['para', 'for'],
    ['es', 'is'],
    ['como', 'how'],
    ['que', 'what'],
    ['cuales', 'which'],
    ['cual', 'which'],
    ['necesito', 'i need'],
    ['necesita', 'need'],
    ['primer trabajo', 'first job'],
    ['primer empleo', 'first job'],
    ['por donde empiezo', 'where do i start'],
    ['por donde empezar', 'where to start'],
    ['consigo', 'get'],
    ['conseguir', 'get'],
    ['pasar de', 'move from'],
    ['quiero', 'i want'],
    ['primera vez', 'first time'],
    ['mercado laboral', 'job market'],
    ['otros trabajos', 'other jobs'],
    ['se parecen', 'are similar'],
    ['estudiar', 'study'],
    ['curso', 'course'],
    ['cursos', 'courses'],
    ['certificacion', 'certification'],
    ['universidad', 'university'],
    ['empleo', 'jobs'],
    ['contratando', 'hiring'],
    ['contratan', 'hire'],
    ['sueldos', 'salary'],
    ['salarios', 'salary'],
    ['liderazgo', 'leadership'],
    ['comunicacion', 'communication'],
    ['lider', 'lead'],
    ['problemas', 'problems'],
    ['parecidos', 'similar'],
    ['similares', 'similar'],
    ['aprender', 'learn'],
    ['herramientas', 'tools'],
    ['ascender', 'get promoted'],
    ['crecimiento', 'growth'],
    ['experiencia', 'experience'],
  ],
  fr: [
    ['combien de temps', 'how long'],
    ['combien d annees', 'how many years'],
    ['combien d ans', 'how many years'],
    ['paie le mieux', 'pays the best'],
    ['paie', 'pays'],
    ['il fait quoi', 'what does he do'],
    ['elle fait quoi', 'what does she do'],
    ['savoir coder', 'know how to code'],
    ['coder', 'code'],
    ['licence', 'bachelor degree'],
    ['bac', 'degree'],
    ['devoirs', 'homework'],
    ['reparer', 'fix'],
    ['des deux', 'of the two'],
    ['les deux', 'both'],
    ['passer de', 'move from'],
    ['passer du', 'move from the'],
    ['au', 'to the'],
    ['jusqu a', 'until'],
    ['coucou', 'hi'],
    ['au revoir', 'bye'],
    ['a plus', 'see you'],
    ['je m appelle', 'my name is'],
    ['qu est ce que tu sais faire', 'what can you do'],
    ['qu est ce que tu peux faire', 'what can you do'],
    ['tu sais faire', 'can you do'],
    ['tu peux faire', 'can you do'],
    ['comment est ce que je t utilise', 'how do i use you'],
    ['je t utilise', 'i use you'],
    ['d', 'of'],
    ['l', 'the'],
    ['sont', 'are'],
    ['securite', 'security'],
    ['reseau', 'network'],
    ['reseaux', 'network'],
    ['plateforme', 'platform'],
    ['recherche', 'research'],
    ['qualite', 'quality'],
    ['grands modeles', 'large model'],
    ['combien gagne', 'how much does earn'],
    ['combien gagnent', 'how much do earn'],
    ['qu est ce qu un', 'what is a'],
    ['qu est ce que', 'what is'],
    ['c est quoi', 'what is'],
    ['comment devenir', 'how to become'],
    ['qu est ce que fait', 'what does do'],
    ['quel est le role d', 'what does do'],
    ['que fait', 'what does do'],
    ['au quotidien', 'day to day'],
    ['quotidiennes', 'daily'],
    ['quotidiens', 'daily'],
    ['quotidien', 'daily'],
    ['competences humaines', 'soft skills'],
    ['competences relationnelles', 'soft skills'],
    ['savoir etre', 'soft skills'],
    ['soft skills', 'soft skills'],
    ['bonnes pratiques', 'best practices'],
    ['metiers proches', 'related roles'],
    ['postes similaires', 'related roles'],
    ['apprentissage automatique', 'machine learning'],
    ['intelligence artificielle', 'artificial intelligence'],
    ['de donnees', 'data'],
    ['donnees', 'data'],
    ['salaire', 'salary'],
    ['remuneration', 'salary'],
    ['gagne', 'earn'],
    ['competences', 'skills'],
    ['responsabilites', 'responsibilities'],
    ['missions', 'responsibilities'],
    ['taches', 'tasks'],
    ['diplome', 'degree'],
    ['formation', 'education'],
    ['etudes', 'education'],
    ['carriere', 'career'],
    ['marche', 'market'],
    ['demande', 'demand'],
    ['tendances', 'trends'],
    ['avenir', 'future'],
    ['defis', 'challenges'],
    ['difficultes', 'challenges'],
    ['conseils', 'tips'],
    ['architecte', 'architect'],
    ['ingenieur', 'engineer'],
    ['que puis je te demander', 'what can i ask you'],
    ['quels metiers connais tu', 'which roles do you know'],
    ['tu couvres quels postes', 'which roles do you cover'],
    ['connais', 'do you know'],
    ['connaissez', 'do you know'],
    ['montre moi', 'show me'],
    ['montrez moi', 'show me'],
    ['tous les', 'all the'],
    ['toutes les', 'all the'],
    ['couvres', 'cover'],
    ['postes', 'jobs'],
    ['metiers', 'jobs'],
    ['liste', 'list'],
    ['faut il', 'do i need'],
    ['il faut', 'you need'],
    ['doctorat', 'phd'],
    ['le plus dur', 'the hardest part'],
    ['plus dur', 'hardest'],
    ['difficile', 'hard'],
    ['par rapport a', 'compared to'],
    ['comment ca marche', 'how does this work'],
    ['ca marche comment', 'how does this work'],
    ['tu sers a quoi', 'what can you do'],
    ['a quoi tu sers', 'what can you do'],
    ['que peux tu faire', 'what can you do'],
    ['on evolue vers quoi', 'what comes after'],
    ['et apres', 'and what comes after'],
    ['le mieux paye', 'the best paid'],
    ['mieux paye', 'better paid'],
    ['qui est', 'which is'],
    ['plus', 'more'],
    ['et', 'and'],
    ['ou', 'or'],
    ['depuis', 'for'],
    ['ans', 'years'],
    ['annees', 'years'],
    ['fonctionne', 'work'],
    ['s il te plait', 'please'],
    ['s il vous plait', 'please'],
    ['chercheur', 'researcher'],
    ['scientifique', 'scientist'],
    ['systemes', 'systems'],
    ['devenir', 'become'],
    ['bonjour', 'hi'],
    ['je suis', 'i am'],
    ['salut', 'hi'],
    ['aide', 'help'],
    ['merci', 'thanks'],
    ['un', 'a'],
    ['une', 'a'],
    ['le', 'the'],
    ['la', 'the'],
    ['les', 'the'],
    ['de', 'of'],
    ['pour', 'for'],
    ['est', 'is'],
    ['comment', 'how'],
    ['quel', 'which'],
    ['quelle', 'which'],
    ['quels', 'which'],
    ['quelles', 'which'],
    ['premier emploi', 'first job'],
    ['premier poste', 'first job'],
    ['par ou commencer', 'where to start'],
    ['je veux', 'i want'],
    ['premiere fois', 'first time'],
    ['cours', 'courses'],
    ['etudier', 'study'],
    ['certification', 'certification'],
    ['recrute', 'hiring'],
    ['recrutent', 'hiring'],
    ['embauche', 'hiring'],
    ['emploi', 'jobs'],
    ['galeres', 'challenges'],
    ['inconvenients', 'downsides'],
    ['outils', 'tools'],
    ['apprendre', 'learn'],
    ['similaires', 'similar'],
    ['evolution', 'progression'],
    ['communication', 'communication'],
    ['problemes', 'problems'],
    ['universite', 'university'],
  ],
  de: [
    ['wie lange', 'how long'],
    ['wie viele jahre', 'how many years'],
    ['jobaussichten', 'job prospects'],
    ['berufsaussichten', 'job prospects'],
    ['bessere', 'better'],
    ['besser', 'better'],
    ['hausaufgaben', 'homework'],
    ['reparieren', 'fix'],
    ['von beiden', 'of the two'],
    ['von den beiden', 'of the two'],
    ['der beiden', 'of the two'],
    ['beide', 'both'],
    ['vom', 'from the'],
    ['zum', 'to the'],
    ['zur', 'to the'],
    ['bis zum', 'until the'],
    ['bis zur', 'until the'],
    ['guten tag', 'hi'],
    ['guten morgen', 'good morning'],
    ['tschuss', 'bye'],
    ['bis spater', 'see you'],
    ['ich heisse', 'my name is'],
    ['wie benutze ich dich', 'how do i use you'],
    ['erklar mir', 'explain'],
    ['erklaer mir', 'explain'],
    ['zeig mir', 'show me'],
    ['alle', 'all'],
    ['ki', 'ai'],
    ['sicherheit', 'security'],
    ['netzwerk', 'network'],
    ['plattform', 'platform'],
    ['forschung', 'research'],
    ['qualitat', 'quality'],
    ['qualitaet', 'quality'],
    ['daten', 'data'],
    ['wie viel verdient', 'how much does earn'],
    ['wieviel verdient', 'how much does earn'],
    ['was verdient', 'how much does earn'],
    ['was ist', 'what is'],
    ['was genau macht', 'what exactly does do'],
    ['was macht', 'what does do'],
    ['genau', 'exactly'],
    ['wie werde ich', 'how do i become'],
    ['wie wird man', 'how to become'],
    ['soft skills', 'soft skills'],
    ['best practices', 'best practices'],
    ['verwandte rollen', 'related roles'],
    ['ahnliche berufe', 'related roles'],
    ['aehnliche berufe', 'related roles'],
    ['maschinelles lernen', 'machine learning'],
    ['kunstliche intelligenz', 'artificial intelligence'],
    ['kuenstliche intelligenz', 'artificial intelligence'],
    ['gehalt', 'salary'],
    ['verdient', 'earn'],
    ['verdienen', 'earn'],
    ['fahigkeiten', 'skills'],
    ['faehigkeiten', 'skills'],
    ['kenntnisse', 'skills'],
    ['aufgaben', 'responsibilities'],
    ['verantwortung', 'responsibilities'],
    ['alltag', 'day to day'],
    ['studium', 'degree'],
    ['abschluss', 'degree'],
    ['ausbildung', 'education'],
    ['karriere', 'career'],
    ['markt', 'market'],
    ['nachfrage', 'demand'],
    ['trends', 'trends'],
    ['zukunft', 'future'],
    ['herausforderungen', 'challenges'],
    ['tipps', 'tips'],
    ['architekt', 'architect'],
    ['architektin', 'architect'],
    ['ingenieur', 'engineer'],
    ['forscher', 'researcher'],
    ['wissenschaftler', 'scientist'],
    ['infrastruktur', 'infrastructure'],
    ['systeme', 'systems'],
    ['werden', 'become'],
    ['welche berufe kennst du', 'which roles do you know'],
    ['was kann ich fragen', 'what can i ask'],
    ['liste aller rollen', 'list all roles'],
    ['kennst', 'do you know'],
    ['rollen', 'roles'],
    ['berufe', 'jobs'],
    ['jobs', 'jobs'],
    ['datenbank', 'database'],
    ['liste', 'list'],
    ['bitte', 'please'],
    ['nachteile', 'downsides'],
    ['vorteile', 'benefits'],
    ['schwierig', 'hard'],
    ['promotion', 'phd'],
    ['doktor', 'phd'],
    ['informatikstudium', 'computer science degree'],
    ['wie funktioniert das', 'how does this work'],
    ['was kannst du', 'what can you do'],
    ['und danach', 'and what comes after'],
    ['im vergleich zu', 'compared to'],
    ['verglichen mit', 'compared to'],
    ['mehr', 'more'],
    ['oder', 'or'],
    ['wie komme ich zum', 'how do i become'],
    ['wie komme ich zur', 'how do i become'],
    ['ohne', 'without'],
    ['jahre', 'years'],
    ['erfahrung', 'experience'],
    ['funktioniert', 'work'],
    ['hallo', 'hi'],
    ['ich bin', 'i am'],
    ['hilfe', 'help'],
    ['danke', 'thanks'],
    ['ein', 'a'],
    ['eine', 'a'],
    ['einen', 'a'],
    ['der', 'the'],
    ['die', 'the'],
    ['das', 'the'],
    ['ist', 'is'],
    ['wie', 'how'],
    ['welche', 'which'],
    ['fur', 'for'],
    ['fuer', 'for'],
    ['braucht', 'needs'],
    ['und', 'and'],
    ['erster job', 'first job'],
    ['ersten job', 'first job'],
    ['wo fange ich an', 'where do i start'],
    ['einstieg', 'getting in'],
    ['wechseln', 'switch'],
    ['erstes mal', 'first time'],
    ['moin', 'hi'],
    ['servus', 'hi'],
    ['offene stellen', 'job openings'],
    ['arbeitsmarkt', 'job market'],
    ['zertifikate', 'certifications'],
    ['zertifikat', 'certification'],
    ['zertifizierungen', 'certifications'],
    ['kurse', 'courses'],
    ['kurs', 'course'],
    ['universitat', 'university'],
    ['universitaet', 'university'],
    ['lernen', 'learn'],
    ['werkzeuge', 'tools'],
    ['kommunikation', 'communication'],
    ['fuhrung', 'leadership'],
    ['fuehrung', 'leadership'],
    ['probleme', 'problems'],
    ['schwierigkeiten', 'challenges'],
    ['ahnliche', 'similar'],
    ['aehnliche', 'similar'],
    ['beforderung', 'promotion'],
    ['befoerderung', 'promotion'],
    ['gefragt', 'in demand'],
    ['brauche', 'i need'],
  ],
  pt: [
    ['quanto tempo', 'how long'],
    ['quantos anos', 'how many years'],
    ['chegar la', 'get there'],
    ['chegar', 'get to'],
    ['leva', 'takes'],
    ['dever de casa', 'homework'],
    ['consertar', 'fix'],
    ['dos dois', 'of the two'],
    ['das duas', 'of the two'],
    ['os dois', 'both'],
    ['as duas', 'both'],
    ['passar de', 'move from'],
    ['passar do', 'move from the'],
    ['ate', 'until'],
    ['ate o', 'until the'],
    ['ate a', 'until the'],
    ['tchau', 'bye'],
    ['valeu', 'thanks'],
    ['alguem ai', 'anyone there'],
    ['oi gente', 'hi all'],
    ['acabei de entrar', 'just joined'],
    ['me chamo', 'my name is'],
    ['trabalho com', 'i work in'],
    ['trabalho em', 'i work in'],
    ['como te uso', 'how do i use you'],
    ['fala sobre', 'tell me about'],
    ['fale sobre', 'tell me about'],
    ['sobre', 'about'],
    ['sao', 'are'],
    ['os', 'the'],
    ['as', 'the'],
    ['nao', 'not'],
    ['ia', 'ai'],
    ['seguranca', 'security'],
    ['rede', 'network'],
    ['redes', 'network'],
    ['plataforma', 'platform'],
    ['pesquisa', 'research'],
    ['qualidade', 'quality'],
    ['dados', 'data'],
    ['grandes modelos', 'large model'],
    ['quanto ganha', 'how much does earn'],
    ['quanto ganham', 'how much do earn'],
    ['o que e', 'what is'],
    ['o que faz', 'what does do'],
    ['como me tornar', 'how do i become'],
    ['como se tornar', 'how to become'],
    ['como virar', 'how to become'],
    ['como ser', 'how to become'],
    ['dia a dia', 'day to day'],
    ['habilidades comportamentais', 'soft skills'],
    ['boas praticas', 'best practices'],
    ['cargos relacionados', 'related roles'],
    ['aprendizado de maquina', 'machine learning'],
    ['inteligencia artificial', 'artificial intelligence'],
    ['de dados', 'data'],
    ['salario', 'salary'],
    ['ganha', 'earn'],
    ['habilidades', 'skills'],
    ['competencias', 'skills'],
    ['responsabilidades', 'responsibilities'],
    ['tarefas', 'tasks'],
    ['formacao', 'education'],
    ['diploma', 'degree'],
    ['carreira', 'career'],
    ['mercado', 'market'],
    ['demanda', 'demand'],
    ['tendencias', 'trends'],
    ['futuro', 'future'],
    ['desafios', 'challenges'],
    ['dicas', 'tips'],
    ['arquiteto', 'architect'],
    ['arquiteta', 'architect'],
    ['engenheiro', 'engineer'],
    ['cientista', 'scientist'],
    ['pesquisador', 'researcher'],
    ['infraestrutura', 'infrastructure'],
    ['sistemas', 'systems'],
    ['tornar', 'become'],
    ['o que posso te perguntar', 'what can i ask you'],
    ['o que posso perguntar', 'what can i ask'],
    ['como funciona', 'how does work'],
    ['o que tem de ruim', 'what are the downsides'],
    ['lista de cargos', 'list of roles'],
    ['por favor', 'please'],
    ['conhece', 'do you know'],
    ['cobre', 'do you cover'],
    ['me mostra', 'show me'],
    ['me mostre', 'show me'],
    ['mostra', 'show me'],
    ['mostre', 'show me'],
    ['todas as', 'all the'],
    ['todos os', 'all the'],
    ['todas', 'all'],
    ['todos', 'all'],
    ['profissoes', 'professions'],
    ['carreiras', 'careers'],
    ['cargos', 'roles'],
    ['vc', 'you'],
    ['voce', 'you'],
    ['lista', 'list'],
    ['doutorado', 'phd'],
    ['como funciona isso', 'how does this work'],
    ['o que voce faz', 'what do you do'],
    ['pra que serve', 'what can you do'],
    ['e depois', 'and what comes after'],
    ['comparado com', 'compared to'],
    ['comparado a', 'compared to'],
    ['ganha mais', 'earns more'],
    ['mais', 'more'],
    ['como chego la', 'how do i get there'],
    ['vindo de', 'coming from'],
    ['mestrado', 'masters'],
    ['anos', 'years'],
    ['dificil', 'hard'],
    ['esse bot', 'this bot'],
    ['funciona', 'work'],
    ['ola', 'hi'],
    ['oi', 'hi'],
    ['sou', 'i am'],
    ['ajuda', 'help'],
    ['obrigado', 'thanks'],
    ['um', 'a'],
    ['uma', 'a'],
    ['o', 'the'],
    ['de', 'of'],
    ['do', 'of the'],
    ['da', 'of the'],
    ['para', 'for'],
    ['e', 'is'],
    ['como', 'how'],
    ['qual', 'which'],
    ['quais', 'which'],
    ['precisa', 'needs'],
    ['preciso', 'i need'],
    ['primeiro emprego', 'first job'],
    ['por onde comeco', 'where do i start'],
    ['quero', 'i want'],
    ['conseguir', 'get'],
    ['primeira vez', 'first time'],
    ['como me torno', 'how do i become'],
    ['torno', 'become'],
    ['curso', 'course'],
    ['cursos', 'courses'],
    ['faculdade', 'college'],
    ['estudar', 'study'],
    ['certificacoes', 'certifications'],
    ['certificacao', 'certification'],
    ['aprender', 'learn'],
    ['ferramentas', 'tools'],
    ['contratando', 'hiring'],
    ['vagas', 'job openings'],
    ['emprego', 'jobs'],
    ['lideranca', 'leadership'],
    ['comunicacao', 'communication'],
    ['problemas', 'problems'],
    ['parecidos', 'similar'],
    ['semelhantes', 'similar'],
    ['crescimento', 'growth'],
    ['experiencia', 'experience'],
    ['salarios', 'salary'],
  ],
};

const COMPILED: Readonly<Record<Understood, ReadonlyArray<[string[], string]>>> = Object.fromEntries(
  UNDERSTOOD.map((lang) => [
    lang,
    PHRASEBOOK[lang].map(([from, to]) => [from.split(' '), to] as [string[], string]).sort((a, b) => b[0].length - a[0].length),
  ]),
) as unknown as Record<Understood, ReadonlyArray<[string[], string]>>;

/** Letters of scripts other than Latin: a message written mostly in them is not in a language understood here. */
const NON_LATIN =
  // eslint-disable-next-line no-misleading-character-class -- whole script ranges (which include combining marks) are the point
  /[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/gu;

export interface LanguageReading {
  /** ISO 639-1 code; `en` for English (and for anything too short to tell). */
  language: string;
  /** Whether the language is understood (English, or one of {@link UNDERSTOOD}). */
  understood: boolean;
  /** The message in English words, for an understood foreign language. */
  english?: string;
}

/** What the caller knows of words: role-name words (English in every language here) and English vocabulary. */
export interface WordKnowledge {
  isRoleWord(word: string): boolean;
  isEnglishWord(word: string): boolean;
}

/** Tells the language of a message from its normalised words, and puts an understood one into English words. */
export function readLanguage(text: string, words: readonly string[], known: WordKnowledge): LanguageReading {
  const own = words.filter((w) => !known.isRoleWord(w));
  const nonLatin = (text.match(NON_LATIN) ?? []).length;
  // Written in another script: role names stay in Latin letters, but the question is not in a language read here.
  if (nonLatin > 0 && own.length < nonLatin) return { language: scriptLanguage(text), understood: false };
  let best: Understood | undefined;
  let bestHits = 0;
  // An inverted mark opening a question or an exclamation is Spanish's own, worth one of its words.
  const spanishMarks = /[\u00bf\u00a1]/.test(text) ? 1 : 0;
  // So are Portuguese's nasal vowels ("são", "tendências… funções", "não"): a word spelled with one is Portuguese.
  const portugueseSpellings = (text.match(/[\u00e3\u00f5\u00c3\u00d5]/g) ?? []).length;
  for (const lang of UNDERSTOOD) {
    let h = lang === 'es' ? spanishMarks : lang === 'pt' ? portugueseSpellings : 0;
    for (const w of own) if (MARKERS[lang].has(w)) h++;
    if (h > bestHits) {
      best = lang;
      bestHits = h;
    }
  }
  // An unsupported language's own words, two or more and outnumbering the understood language's and English ones.
  for (const [lang, markers] of Object.entries(OTHER_MARKERS)) {
    let h = lang === 'it' ? italianMarks(text) : 0;
    for (const w of own) if (markers.has(w)) h++;
    if (h >= 2 && h > bestHits && h * 2 > own.length - h) return { language: lang, understood: false };
  }
  // Inverted marks and ñ are Spanish even when the words are shared with Portuguese.
  if (best === 'pt' && /[\u00bf\u00a1\u00f1]/.test(text)) best = 'es';
  let english = 0;
  for (const w of own) if (MARKERS.en.has(w) || (known.isEnglishWord(w) && !(best && MARKERS[best].has(w)))) english++;
  // One shared word ("un", "de") in a longer message is not enough: half its own words, or two of them, are.
  if (best && bestHits > english && (bestHits >= 2 || own.length <= 2 || bestHits * 2 >= own.length))
    return { language: best, understood: true, english: translate(words, best) };
  // Two or three unknown words are as likely typos and chat ("ml sytems architect salery") as another language.
  if (english > 0 || own.length < 3) return { language: 'en', understood: true };
  // No English and no supported words: let franc name the language, if it can.
  const named = francCode(own.slice(0, 20).join(' '));
  if (named && named !== 'en' && !(UNDERSTOOD as readonly string[]).includes(named)) return { language: named, understood: false };
  return { language: 'en', understood: true };
}

/** Italian's own "è" ("is"; Portuguese writes "é", French "est"), standing alone: each one is worth one of its words. */
function italianMarks(text: string): number {
  return text.includes('\u00e8') ? (text.match(/(?:^|[\s,;:(])\u00e8(?=[\s,;:.!?)]|$)/giu) ?? []).length : 0;
}

/** The language a non-Latin script most likely stands for (franc, when it names one; else the script's main one). */
function scriptLanguage(text: string): string {
  const named = francCode(text);
  if (named && named !== 'en' && !(UNDERSTOOD as readonly string[]).includes(named)) return named;
  if (/[\u3040-\u30ff]/u.test(text)) return 'ja';
  if (/[\uac00-\ud7af]/u.test(text)) return 'ko';
  if (/[\u3400-\u9fff]/u.test(text)) return 'zh';
  if (/[\u0400-\u04ff]/u.test(text)) return 'ru';
  if (/[\u0600-\u06ff]/u.test(text)) return 'ar';
  if (/[\u0590-\u05ff]/u.test(text)) return 'he';
  if (/[\u0370-\u03ff]/u.test(text)) return 'el';
  if (/[\u0900-\u097f]/u.test(text)) return 'hi';
  if (/[\u0e00-\u0e7f]/u.test(text)) return 'th';
  return 'other';
}

function francCode(text: string): string | undefined {
  const code = franc(text, { minLength: 3 });
  return code === 'und' ? undefined : (ISO3[code] ?? code);
}

/** "and" opening a follow-up ("y comparado con…", "e o AI research manager?", "et par rapport à…"). */
const OPENING_AND = new Set(['y', 'e', 'et', 'und']);

function translate(words: readonly string[], lang: Understood): string {
  const out: string[] = [];
  const phrases = COMPILED[lang];
  const first = words[0];
  if (first !== undefined && OPENING_AND.has(first)) out.push('and');
  for (let i = out.length; i < words.length;) {
    const hit = phrases.find(([from]) => from.every((w, k) => words[i + k] === w));
    // A plural said as its singular is ("arquitetos", "ingenieros", "architectes" → architect).
    const word = words[i] as string;
    const singular =
      hit || word.length < 5 || !word.endsWith('s')
        ? undefined
        : phrases.find(([from]) => from.length === 1 && from[0] === word.slice(0, -1));
    if (hit) {
      out.push(hit[1]);
      i += hit[0].length;
    } else {
      out.push(singular ? singular[1] : word);
      i++;
    }
  }
  return out.join(' ');
}

/** The name of a language for people, in English. */
export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? 'that language';
}
