/**
 * Slack's message markup turned into the plain text the bot layer and the core read: a labelled link becomes its
 * label, a channel link `#name`, and user, group and special mentions (`<@U123>`, `<!here>`, `<!subteam^S1>`,
 * `<#C1>`) disappear. Slack escapes `&`, `<` and `>` in message text; they are unescaped last, so an escaped
 * `&lt;@U1&gt;` typed by a member stays the text it was.
 */
export function slackText(raw: string): string {
  return raw
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^|>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<[@!#][^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
