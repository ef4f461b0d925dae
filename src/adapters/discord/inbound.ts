/**
 * Discord's message markup turned into the plain text the bot layer and the core read: user, role and channel
 * mentions (`<@123>`, `<@!123>`, `<@&123>`, `<#123>`, the bot's own included) and custom emoji (`<:name:123>`,
 * `<a:name:123>`) disappear; whitespace is folded.
 */
export function discordText(content: string): string {
  return content
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
