/**
 * The Discord application commands, defined once: registration (register.ts) sends these definitions and the
 * handlers (handlers.ts) read options by the same names, so the two can never drift apart.
 */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandStringOption,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { TOPIC_HEADINGS, TOPICS } from '../../core/topics.ts';

/** Command names as Discord shows them (slash commands are lower case; a context menu name is a label). */
export const COMMAND = {
  role: 'role',
  ask: 'ask',
  compare: 'compare',
  roles: 'roles',
  help: 'help',
  /** The moderators' loop: `/moderate gaps`, `/moderate feedback`. */
  moderate: 'moderate',
  answerMessage: 'Answer with Career Advisor',
} as const;

/** Subcommands of {@link COMMAND.moderate}. */
export const MODERATE = { gaps: 'gaps', feedback: 'feedback' } as const;

/** The custom id of the "what was wrong?" modal and of its text input; the control rides after the prefix. */
export const COMMENT_MODAL = { prefix: 'cm:', input: 'comment' } as const;

/** Option names shared by the definitions and the handlers. */
export const OPTION = {
  role: 'role',
  topic: 'topic',
  question: 'question',
  first: 'first',
  second: 'second',
} as const;

/** Options whose values are role slugs, completed through `advisor.complete`. */
export const ROLE_OPTIONS: ReadonlySet<string> = new Set([OPTION.role, OPTION.first, OPTION.second]);

/** The twelve topics of the core, labelled with the headings the knowledge files use; values are the topic names. */
export const TOPIC_CHOICES = TOPICS.map((topic) => ({ name: TOPIC_HEADINGS[topic], value: topic }));

/** Where the commands can be used: servers and the bot's DMs (a DM conversation keeps its own context). */
const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM];

/** A slash command usable in servers and the bot's DMs. */
function slashCommand(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(EVERYWHERE)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** A required role option, completed through the advisor. */
const roleOption = (name: string, description: string) => (o: SlashCommandStringOption) =>
  o.setName(name).setDescription(description).setRequired(true).setAutocomplete(true).setMaxLength(100);

/** The optional topic option, whose values are the core's topic names. */
const topicOption = (description: string) => (o: SlashCommandStringOption) =>
  o
    .setName(OPTION.topic)
    .setDescription(description)
    .setRequired(false)
    .addChoices(...TOPIC_CHOICES);

const role = slashCommand(COMMAND.role, 'A role card, or one topic of a role (salary, skills, career path…)')
  .addStringOption(roleOption(OPTION.role, 'The role, e.g. staff ML architect'))
  .addStringOption(topicOption('One topic of the role'));

const ask = slashCommand(COMMAND.ask, 'Ask a career question in your own words; follow-ups like "what about a lead?" work').addStringOption(
  (o) => o.setName(OPTION.question).setDescription('e.g. how much does a staff ML architect make?').setRequired(true).setMaxLength(1000),
);

const compare = slashCommand(COMMAND.compare, 'Compare two roles, as a whole or on one topic')
  .addStringOption(roleOption(OPTION.first, 'The first role'))
  .addStringOption(roleOption(OPTION.second, 'The second role'))
  .addStringOption(topicOption('Compare on one topic'));

const roles = slashCommand(COMMAND.roles, 'Every role I know, with a one-line summary');

const help = slashCommand(COMMAND.help, 'What I can answer and how to ask');

// What members asked that the bot could not answer, and the feedback on answers: for moderators. Discord hides the
// command from members without Manage Messages by default; the bot layer checks again on every use.
const moderate = new SlashCommandBuilder()
  .setName(COMMAND.moderate)
  .setDescription('For moderators: unanswered questions and feedback on answers')
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
  .addSubcommand((c) => c.setName(MODERATE.gaps).setDescription('The questions members asked most that I could not answer well'))
  .addSubcommand((c) => c.setName(MODERATE.feedback).setDescription('Answers by 👎 then 👍, with the latest comments'));

// Answering another member's message in public is a moderator's call: Discord hides the entry from members without
// Manage Messages by default, and the handler checks again because server admins can override that default.
const answerMessage = new ContextMenuCommandBuilder()
  .setName(COMMAND.answerMessage)
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages);

/** The JSON bodies to register, in the order Discord lists them. */
export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [role.toJSON(), ask.toJSON(), compare.toJSON(), roles.toJSON(), help.toJSON(), moderate.toJSON(), answerMessage.toJSON()];
}
