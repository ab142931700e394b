import type { Command } from '../src/command.js';
import { alert } from './alert.js';
import { alerts } from './alerts.js';
import { cite } from './cite.js';
import { date } from './date.js';
import { digest } from './digest.js';
import { help } from './help.js';
import { month } from './month.js';
import { paper } from './paper.js';
import { preview } from './preview.js';
import { save } from './save.js';
import { saved } from './saved.js';
import { search } from './search.js';
import { similar } from './similar.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { today } from './today.js';
import { trending } from './trending.js';
import { unalert } from './unalert.js';
import { unsave } from './unsave.js';
import { unsubscribe } from './unsubscribe.js';
import { week } from './week.js';
import { yesterday } from './yesterday.js';

/**
 * Every command Paperboy knows, in the order help lists them. Registered explicitly:
 * adding a command means adding it here.
 */
export const commands: readonly Command[] = [
  today,
  yesterday,
  date,
  week,
  month,
  trending,
  search,
  paper,
  similar,
  cite,
  save,
  saved,
  unsave,
  digest,
  subscribe,
  unsubscribe,
  subscriptions,
  preview,
  alert,
  unalert,
  alerts,
  help,
];
