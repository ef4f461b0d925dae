/** The app manifest declares what the adapter listens for, so an install from it works the first time. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION } from '../../src/adapters/slack/actions.ts';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string }>;
    shortcuts: Array<{ type: string; callback_id: string }>;
    bot_user: { display_name: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync('slack-app-manifest.yaml', 'utf8')) as Manifest;

describe('slack-app-manifest.yaml', () => {
  it('declares the commands, the message shortcut, the events and interactivity the adapter handles', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/role', '/career']);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: ACTION.answerMessage })]);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('in HTTP mode (its commented lines uncommented), sends every request, role search included, to /slack/events', () => {
    const text = readFileSync('slack-app-manifest.yaml', 'utf8');
    const http = parse(text.replace(/^(\s*)# ((?:url|request_url|message_menu_options_url): )/gm, '$1$2')) as {
      features: { slash_commands: Array<{ url?: string }> };
      settings: {
        event_subscriptions: { request_url?: string };
        interactivity: { request_url?: string; message_menu_options_url?: string };
      };
    };
    const urls = [
      ...http.features.slash_commands.map((c) => c.url),
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      // The "Open a role…" menu past 100 roles is an external_select: Slack asks this URL for its options.
      http.settings.interactivity.message_menu_options_url,
    ];
    expect(urls).toEqual(Array(5).fill('https://bot.example.com/slack/events'));
  });

  it('asks for exactly the bot scopes it needs', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'im:history',
      'im:read',
      'im:write',
      'users:read',
    ]);
  });
});
