/** The shared adapter contract, run against the real Slack adapter and Bolt with a fake Slack on 127.0.0.1. */
import { runAdapterContract } from '../contract/adapter-contract.ts';
import { SlackDriver } from '../fakes/slack-driver.ts';

runAdapterContract(() => new SlackDriver({ moderators: [{ id: 'moderator-1', moderator: true }] }));
