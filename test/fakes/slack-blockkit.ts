/**
 * Independent checks of what the app sent to Slack: Block Kit limits as Slack documents them, the text a person would
 * see, the buttons, and whether anything could notify people. Written from Slack's rules, not from the renderer, so a
 * renderer bug shows up here.
 */

type Json = Record<string, unknown>;

const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  options: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  /** Options (or option groups) in the answer to a block_suggestion request. */
  suggestedOptions: 100,
  text: 40_000,
};

/** Element types an actions block may hold that this app could send (Slack allows more; this app sends no others). */
const ACTION_ELEMENTS = new Set(['button', 'static_select', 'external_select']);

/** Problems with one option object of a select menu (plain_text only there). */
function optionProblems(o: Json, where: string): string[] {
  const problems: string[] = [];
  const text = o.text as Json | undefined;
  if (text?.type !== 'plain_text') problems.push(`${where}: option text must be plain_text`);
  const t = textOf(text);
  if (t.length === 0 || t.length > LIMITS.optionText) problems.push(`${where}: option text length ${t.length}`);
  if (typeof o.value !== 'string' || o.value.length === 0 || o.value.length > LIMITS.optionValue)
    problems.push(`${where}: option value length ${typeof o.value === 'string' ? o.value.length : typeof o.value}`);
  if (o.description !== undefined) {
    const d = o.description as Json;
    if (d.type !== 'plain_text') problems.push(`${where}: option description must be plain_text`);
    const dt = textOf(d);
    if (dt.length === 0 || dt.length > LIMITS.optionDescription) problems.push(`${where}: option description length ${dt.length}`);
  }
  for (const key of Object.keys(o))
    if (!['text', 'value', 'description'].includes(key)) problems.push(`${where}: option has ${key}, which select menus do not take`);
  return problems;
}

function placeholderProblems(e: Json, where: string): string[] {
  if (e.placeholder === undefined) return [];
  const p = e.placeholder as Json;
  const t = textOf(p);
  if (p.type !== 'plain_text' || t.length === 0 || t.length > LIMITS.placeholder)
    return [`${where}: placeholder must be plain_text of 1-150`];
  return [];
}

/** Values must be unique within a menu (Slack: "a unique string value"). */
function duplicateValues(options: Json[], where: string): string[] {
  const seen = new Set<unknown>();
  const problems: string[] = [];
  for (const o of options) {
    if (seen.has(o.value)) problems.push(`${where}: option value ${String(o.value)} twice`);
    seen.add(o.value);
  }
  return problems;
}

/**
 * What is wrong with an app's answer to a block_suggestion request (an external select's options), as Slack documents
 * it: `options` or `option_groups`, not both, at most 100, each option as in a static menu.
 */
export function suggestionProblems(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['the answer is not a JSON object'];
  const b = body as Json;
  if ((b.options === undefined) === (b.option_groups === undefined)) return ['the answer needs exactly one of options and option_groups'];
  if (b.option_groups !== undefined) return ['option_groups: this app answers with options'];
  if (!Array.isArray(b.options)) return ['options is not an array'];
  const options = b.options as Json[];
  const problems = options.flatMap((o, i) => optionProblems(o, `option ${i}`));
  if (options.length > LIMITS.suggestedOptions) problems.push(`${options.length} options > ${LIMITS.suggestedOptions}`);
  return [...problems, ...duplicateValues(options, 'options')];
}

function textOf(obj: unknown): string {
  return typeof obj === 'object' && obj !== null && typeof (obj as Json).text === 'string' ? ((obj as Json).text as string) : '';
}

function blocksOf(message: Json): Json[] {
  return Array.isArray(message.blocks) ? (message.blocks as Json[]) : [];
}

/** Every Block Kit limit the message breaks (empty when it is fine). */
export function blockKitProblems(message: Json): string[] {
  const problems: string[] = [];
  const blocks = blocksOf(message);
  if (typeof message.text !== 'string' || message.text.trim() === '') problems.push('no plain text fallback');
  else if (message.text.length > LIMITS.text) problems.push(`text ${message.text.length} > ${LIMITS.text}`);
  if (blocks.length > LIMITS.blocks) problems.push(`${blocks.length} blocks > ${LIMITS.blocks}`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      if (block.block_id.length > LIMITS.blockId) problems.push(`${where}: block_id too long`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header': {
        const text = block.text as Json | undefined;
        if (text?.type !== 'plain_text') problems.push(`${where}: header must be plain_text`);
        const t = textOf(text);
        if (t.length === 0 || t.length > LIMITS.header) problems.push(`${where}: header length ${t.length}`);
        break;
      }
      case 'section': {
        const fields = Array.isArray(block.fields) ? (block.fields as Json[]) : [];
        const t = block.text === undefined ? undefined : textOf(block.text);
        if (t === undefined && fields.length === 0) problems.push(`${where}: section needs text or fields`);
        if (t !== undefined && (t.length === 0 || t.length > LIMITS.sectionText))
          problems.push(`${where}: section text length ${t.length}`);
        if (fields.length > LIMITS.fields) problems.push(`${where}: ${fields.length} fields`);
        fields.forEach((f, j) => {
          const ft = textOf(f);
          if (ft.length === 0 || ft.length > LIMITS.fieldText) problems.push(`${where}: field ${j} length ${ft.length}`);
        });
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.contextElements)
          problems.push(`${where}: ${elements.length} context elements`);
        for (const e of elements) if (textOf(e).length > LIMITS.contextText) problems.push(`${where}: context text too long`);
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements) problems.push(`${where}: ${elements.length} elements`);
        for (const e of elements) {
          const id = e.action_id;
          if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.actionId) problems.push(`${where}: bad action_id`);
          else if (actionIds.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
          else actionIds.add(id);
          if (e.type === 'button') {
            const label = textOf(e.text);
            if (label.length === 0 || label.length > LIMITS.buttonText) problems.push(`${where}: button text length ${label.length}`);
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue)
              problems.push(`${where}: button value length ${e.value.length}`);
          }
          if (typeof e.type !== 'string' || !ACTION_ELEMENTS.has(e.type)) problems.push(`${where}: unexpected element ${String(e.type)}`);
          if (e.type === 'static_select') {
            const options = Array.isArray(e.options) ? (e.options as Json[]) : [];
            if (options.length === 0 || options.length > LIMITS.options) problems.push(`${where}: ${options.length} options`);
            problems.push(...options.flatMap((o, j) => optionProblems(o, `${where} option ${j}`)));
            problems.push(...duplicateValues(options, where), ...placeholderProblems(e, where));
          }
          if (e.type === 'external_select') {
            // Its options come from the app's options handler: none in the message.
            if (e.options !== undefined || e.option_groups !== undefined) problems.push(`${where}: external_select with options`);
            if (e.min_query_length !== undefined && !(Number.isInteger(e.min_query_length) && (e.min_query_length as number) >= 0))
              problems.push(`${where}: min_query_length must be a whole number`);
            if (e.initial_option !== undefined) problems.push(...optionProblems(e.initial_option as Json, `${where} initial_option`));
            problems.push(...placeholderProblems(e, where));
          }
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}

/** Every visible piece of text, in order: header, sections, fields, context. Falls back to `text` without blocks. */
export function visibleText(message: Json): string {
  const blocks = blocksOf(message);
  if (blocks.length === 0) return typeof message.text === 'string' ? message.text : '';
  const out: string[] = [];
  for (const block of blocks) {
    if (block.text) out.push(textOf(block.text));
    if (Array.isArray(block.fields)) for (const f of block.fields as Json[]) out.push(textOf(f));
    if (block.type === 'context' && Array.isArray(block.elements)) for (const e of block.elements as Json[]) out.push(textOf(e));
  }
  return unescapeSlack(out.filter(Boolean).join('\n'));
}

/** Slack shows `&amp;` as `&`: compare visible text the way a person reads it. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface SeenButton {
  label: string;
  actionId: string;
  blockId: string;
  value: string | undefined;
}

export function buttonsOf(message: Json): SeenButton[] {
  const out: SeenButton[] = [];
  for (const block of blocksOf(message)) {
    if (block.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const e of block.elements as Json[]) {
      if (e.type === 'button')
        out.push({
          label: textOf(e.text),
          actionId: String(e.action_id),
          blockId: String(block.block_id ?? ''),
          value: e.value as string | undefined,
        });
    }
  }
  return out;
}

/** The select menus of a message's actions blocks, with their block ids. */
export function selectMenusOf(message: Json): Array<Json & { blockId: string }> {
  return blocksOf(message).flatMap((block) =>
    block.type === 'actions' && Array.isArray(block.elements)
      ? (block.elements as Json[])
          .filter((e) => typeof e.type === 'string' && e.type.endsWith('_select'))
          .map((e) => ({ ...e, blockId: String(block.block_id ?? '') }))
      : [],
  );
}

/** Every string anywhere in the payload. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) strings(v, out);
  return out;
}

/**
 * What in the message could notify people: special mentions (`<!everyone>`, `<!channel>`, `<!here>`, `<!subteam^…>`),
 * user mentions other than `allowedUsers`, bare `@everyone` / `@here` / `@channel` words, or a `parse: full` /
 * `link_names` request that would turn words into mentions.
 */
export function pingProblems(message: Json, allowedUsers: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (message.parse === 'full') problems.push('parse=full');
  if (message.link_names === true || message.link_names === 'true' || message.link_names === 1 || message.link_names === '1')
    problems.push('link_names on');
  for (const s of strings(message)) {
    for (const m of s.matchAll(/<!([^>]*)>/g)) problems.push(`special mention <!${m[1]}>`);
    for (const m of s.matchAll(/<@([^>|]*)(?:\|[^>]*)?>/g)) if (!allowedUsers.has(m[1] as string)) problems.push(`user mention <@${m[1]}>`);
    for (const m of s.matchAll(/(?<![\w\u200b])@(everyone|here|channel)\b/gi)) problems.push(`bare @${m[1]}`);
  }
  return problems;
}
