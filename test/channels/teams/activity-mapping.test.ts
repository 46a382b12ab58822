// Reply → Bot Framework activity and activity → IncomingMessage, without HTTP.
import { describe, expect, it } from 'vitest';
import { heroCardFor, textWithoutBotMention, toActivity, toIncomingMessage } from '../../../src/channels/teams/activity-mapping.js';
import { BOT, channelMentionActivity, messageActivity, USER } from './teams-fixtures.js';

// botbuilder's types stay in src/channels/teams; the tests name them through the functions under test.
type Activity = Parameters<typeof toIncomingMessage>[0];

const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

describe('toActivity', () => {
  it('sends plain text as a message without attachments or suggested actions', () => {
    const activity = toActivity({ text: 'Your order ships tomorrow.' });
    expect(activity).toMatchObject({ type: 'message', text: 'Your order ships tomorrow.' });
    expect(activity.attachments).toBeUndefined();
    expect(activity.suggestedActions).toBeUndefined();
  });

  it('turns suggested actions into imBack buttons that post the value back', () => {
    const activity = toActivity({ text: 'Pick one', suggestedActions: [{ title: 'Returns', value: 'I want to return something' }] });
    expect(activity.suggestedActions).toEqual({ actions: [{ type: 'imBack', title: 'Returns', value: 'I want to return something' }] });
  });

  it('leaves out an empty list of suggested actions', () => {
    expect(toActivity({ text: 'x', suggestedActions: [] }).suggestedActions).toBeUndefined();
  });
});

describe('heroCardFor', () => {
  it('puts facts after the card text, one per paragraph, and keeps the subtitle', () => {
    const card = heroCardFor({
      title: 'Plan',
      subtitle: 'Fibre 500',
      text: 'Your current plan.',
      facts: [
        { label: 'Price', value: '€39/month' },
        { label: 'Contract', value: 'Monthly' },
      ],
    });
    expect(card.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(card.content).toMatchObject({ title: 'Plan', subtitle: 'Fibre 500', text: 'Your current plan.\n\nPrice: €39/month\n\nContract: Monthly', buttons: [] });
  });

  it('builds a card from facts alone and has no subtitle when none is given', () => {
    const card = heroCardFor({ title: 'Order 7', facts: [{ label: 'Status', value: 'Delivered' }], buttons: [{ title: 'Return', value: 'return order 7' }] });
    const content = card.content as Record<string, unknown>;
    expect(content.text).toBe('Status: Delivered');
    expect(content.subtitle).toBeUndefined();
    expect(content.buttons).toEqual([{ type: 'imBack', title: 'Return', value: 'return order 7' }]);
  });
});

describe('textWithoutBotMention', () => {
  it('removes every mention of the bot but keeps mentions of other people', () => {
    const activity = {
      text: '<at>Concierge</at> please tell <at>Grace</at> about my order <at>Concierge</at>',
      recipient: BOT,
      entities: [
        { type: 'mention', text: '<at>Concierge</at>', mentioned: BOT },
        { type: 'mention', text: '<at>Grace</at>', mentioned: { id: '29:grace' } },
      ],
    } as Partial<Activity>;
    expect(textWithoutBotMention(activity)).toBe('please tell <at>Grace</at> about my order');
  });

  it('copes with a missing text and malformed mention entities', () => {
    expect(textWithoutBotMention({ recipient: BOT, entities: [{ type: 'mention' }] } as Partial<Activity>)).toBe('');
    expect(textWithoutBotMention({ text: ' hi ', recipient: BOT, entities: [{ type: 'mention', mentioned: BOT }] } as Partial<Activity>)).toBe('hi');
  });
});

describe('toIncomingMessage', () => {
  it('maps a Teams channel post to the channel-neutral message', () => {
    const activity = channelMentionActivity(SERVICE_URL, 'track order 1042') as unknown as Activity;
    const message = toIncomingMessage(activity);
    expect(message).toMatchObject({
      channel: 'teams',
      conversationId: '19:general@thread.tacv2;messageid=1700000000000',
      userRef: `teams:${USER.aadObjectId}`,
      userName: USER.name,
      text: 'track order 1042',
    });
    // A plain, JSON-safe reference with what a proactive send needs.
    expect(JSON.parse(JSON.stringify(message.reference))).toEqual(message.reference);
    expect(message.reference).toMatchObject({ channelId: 'msteams', serviceUrl: SERVICE_URL, bot: { id: BOT.id }, user: { id: USER.id }, activityId: activity.id });
  });

  it('leaves userName out when Teams sends no name', () => {
    const activity = messageActivity(SERVICE_URL, { from: { id: '29:anon' } }) as unknown as Activity;
    expect(toIncomingMessage(activity)).not.toHaveProperty('userName');
  });
});
