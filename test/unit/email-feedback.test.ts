/**
 * The SES feedback contract and what each kind of feedback means. The example detail is the Bounce
 * record of https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html
 * (the same detail SES puts on EventBridge), in the envelope of
 * https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html
 */
import { describe, expect, it } from 'vitest';
import { SesFeedbackEvent } from '../../functions/contracts/ses-feedback';
import { decideFeedback, normalizeAddress } from '../../functions/flows/email-feedback';

const SET = 'reports-prod';

const bounceEvent = (bounce: Record<string, unknown> = {}, mail: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'c3d4e5f6-a7b8-9012-cdef-123456789012',
  'detail-type': 'Email Bounced',
  source: 'aws.ses',
  account: '123456789012',
  time: '2017-08-05T00:41:02Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        {
          emailAddress: 'recipient@example.com',
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
      timestamp: '2017-08-05T00:41:02.669Z',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      reportingMTA: 'dsn; mta.example.com',
      ...bounce,
    },
    mail: {
      timestamp: '2017-08-05T00:40:02.012Z',
      source: 'Sender Name <sender@example.com>',
      sourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/sender@example.com',
      sendingAccountId: '123456789012',
      messageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      destination: ['recipient@example.com'],
      headersTruncated: false,
      tags: {
        'ses:configuration-set': [SET],
        'ses:source-ip': ['192.0.2.0'],
        'ses:from-domain': ['example.com'],
      },
      ...mail,
    },
  },
});

const complaintEvent = (complaint: Record<string, unknown> = {}) => {
  const { detail, ...envelope } = bounceEvent();
  return {
    ...envelope,
    'detail-type': 'Email Complaint Received',
    detail: {
      eventType: 'Complaint',
      mail: detail.mail,
      complaint: {
        complainedRecipients: [{ emailAddress: 'recipient@example.com' }],
        timestamp: '2017-08-05T00:41:02.669Z',
        feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
        userAgent: 'Mozilla/5.0',
        complaintFeedbackType: 'abuse',
        arrivalDate: '2017-08-05T00:41:02.669Z',
        ...complaint,
      },
    },
  };
};

const decide = (event: unknown) => decideFeedback(SesFeedbackEvent.parse(event), SET);

describe('SES feedback', () => {
  it('accepts the documented bounce and suppresses a hard-bounced address', () => {
    expect(decide(bounceEvent())).toEqual({
      action: 'suppress',
      reason: 'bounce',
      addresses: ['recipient@example.com'],
      since: new Date('2017-08-05T00:41:02.669Z'),
      messageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
    });
  });

  it('keeps mailing after a soft bounce', () => {
    for (const bounceType of ['Transient', 'Undetermined']) {
      expect(decide(bounceEvent({ bounceType })).action, bounceType).toBe('ignore');
    }
  });

  it('suppresses on a complaint, but not on a not-spam report', () => {
    expect(decide(complaintEvent())).toMatchObject({ action: 'suppress', reason: 'complaint' });
    expect(decide(complaintEvent({ complaintFeedbackType: undefined }))).toMatchObject({
      action: 'suppress',
    });
    expect(decide(complaintEvent({ complaintFeedbackType: 'not-spam' })).action).toBe('ignore');
  });

  it('judges only mail of its own configuration set, and only its recipients', () => {
    const tags = { 'ses:configuration-set': ['another-set'] };
    expect(decide(bounceEvent({}, { tags })).action).toBe('ignore');
    expect(decide(bounceEvent({}, { tags: {} })).action).toBe('ignore');
    expect(decide(bounceEvent({}, { destination: ['someone@example.com'] })).action).toBe('ignore');
    const named = bounceEvent(
      { bouncedRecipients: [{ emailAddress: 'Recipient@Example.com' }] },
      { destination: ['"R" <recipient@example.COM>'] },
    );
    expect(decide(named)).toMatchObject({ addresses: ['recipient@example.com'] });
  });

  it('refuses what is not an SES bounce or complaint', () => {
    const { source: _, ...noSource } = bounceEvent();
    const cases: unknown[] = [
      { ...bounceEvent(), source: 'study-analytics' },
      noSource,
      { ...bounceEvent(), 'detail-type': 'Email Delivered' },
      { ...bounceEvent(), detail: { ...bounceEvent().detail, eventType: 'Complaint' } },
      bounceEvent({ bouncedRecipients: [] }),
      bounceEvent({ bounceType: 'Hard' }),
      bounceEvent({ timestamp: 'yesterday' }),
      bounceEvent({}, { messageId: '' }),
      { ...complaintEvent(), detail: { ...complaintEvent().detail, complaint: undefined } },
    ];
    for (const event of cases) expect(SesFeedbackEvent.safeParse(event).success).toBe(false);
  });

  it('compares addresses without case or display name', () => {
    expect(normalizeAddress(' Ana <Ana@Example.EDU> ')).toBe('ana@example.edu');
    expect(normalizeAddress('ana@example.edu')).toBe('ana@example.edu');
  });
});
