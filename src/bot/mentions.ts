/** What every platform's view does to text before it is sent: no message of the bot can ping anyone. */

const ZWSP = '\u200b';

/**
 * Breaks every mass or direct mention form of Slack and Discord: `@everyone`, `@here`, `@channel`, `<!everyone>`,
 * `<!subteam^…>`, `<@U123>`, `<@&123>`, `<#C1>`. A zero-width space keeps the text readable and inert.
 */
export function neutralizeMentions(text: string): string {
  if (!text.includes('@') && !text.includes('<')) return text;
  return text.replace(/@(everyone|here|channel)/gi, `@${ZWSP}$1`).replace(/<([@!#])/g, `<${ZWSP}$1`);
}
