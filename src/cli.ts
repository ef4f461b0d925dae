/**
 * `career-advisor` command line (also `npm run cli -- …`):
 *   career-advisor                   interactive chat (same as `npm start` without platform tokens)
 *   career-advisor ask "question"    prints one answer (`ask --explain "question"` adds how it was understood)
 *   career-advisor ask --json        one question per stdin line → one JSON object per line on stdout
 *   career-advisor knowledge:check   validates knowledge/ and prints a summary; exits 1 on any error
 *   career-advisor discord:register  registers the Discord slash commands (needs DISCORD_TOKEN, DISCORD_APPLICATION_ID)
 */
import { ConfigError, loadConfig } from './config.ts';
import { createAdvisor } from './core/advisor.ts';
import { KnowledgeError } from './core/errors.ts';
import { loadKnowledge, summarizeKnowledge } from './core/knowledge/load.ts';
import { createLogger } from './logger.ts';

const USAGE = `usage: career-advisor [chat | ask [--explain] "question" | ask --json | knowledge:check | discord:register | help]`;

async function run(argv: string[]): Promise<number> {
  const [command = 'chat', ...rest] = argv;
  const config = loadConfig();
  // Logs go to stderr so stdout carries only answers (and JSON in batch mode).
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, format: config.logFormat, secrets: config.secrets, destination: process.stderr, isTTY: process.stderr.isTTY === true });

  switch (command) {
    case 'knowledge:check': {
      const knowledge = await loadKnowledge(config.knowledgeDir, { cacheDir: false });
      const s = summarizeKnowledge(knowledge);
      process.stdout.write(
        `knowledge OK: ${s.roles} roles (${s.profiles} full profiles, ${s.briefs} briefs), ${s.sections} sections, ${s.salaryRows} salary rows, ${s.examples} training questions for ${s.intents} intents in ${config.knowledgeDir}\n`,
      );
      return 0;
    }
    case 'discord:register': {
      if (!config.discord) {
        process.stderr.write('discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example)\n');
        return 1;
      }
      const { registerCommands } = await import('./adapters/discord/register.ts');
      const result = await registerCommands(config.discord, logger);
      process.stdout.write(`registered ${result.names.length} ${result.scope} commands: ${result.names.join(', ')}\n`);
      return 0;
    }
    case 'chat':
    case 'ask': {
      const knowledge = await loadKnowledge(config.knowledgeDir);
      const advisor = createAdvisor({ knowledge, logger, contextTtlMs: config.contextTtlMs });
      const console = await import('./adapters/console/chat.ts');
      if (command === 'chat') {
        await console.runChat(advisor, { input: process.stdin, output: process.stdout });
        return 0;
      }
      if (rest[0] === '--json') {
        await console.runJsonBatch(advisor, { input: process.stdin, output: process.stdout });
        return 0;
      }
      const explain = rest[0] === '--explain';
      const question = (explain ? rest.slice(1) : rest).join(' ').trim();
      if (question === '') {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      process.stdout.write(`${console.answerOnce(advisor, question, { explain })}\n`);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`career-advisor: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof KnowledgeError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`career-advisor: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}
