import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../local/event-bus/pattern';

// The sample event used throughout "Amazon EventBridge event patterns" and "Content filtering in
// Amazon EventBridge event patterns" (an EC2 instance state change), with a few extra fields the
// documentation's operator examples refer to.
const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.123',
    location: 'eu-west',
    'file-name': 'report.png',
    tags: ['prod', 'web'],
    items: [
      { sku: 'a-1', qty: 2 },
      { sku: 'b-2', qty: 0 },
    ],
    'error-code': null,
  },
};

const cases: [string, Record<string, unknown>, boolean][] = [
  // "Amazon EventBridge event patterns": matching values, arrays as OR, nesting.
  ['exact source', { source: ['aws.ec2'] }, true],
  ['exact source, other value', { source: ['aws.s3'] }, false],
  ['any of several values', { source: ['aws.s3', 'aws.ec2'] }, true],
  ['nested field', { detail: { state: ['terminated'] } }, true],
  ['nested field, other value', { detail: { state: ['running'] } }, false],
  ['several fields are ANDed', { source: ['aws.ec2'], detail: { state: ['running'] } }, false],
  ['a field the event lacks', { detail: { color: ['red'] } }, false],
  ['numbers match exactly', { detail: { 'c-count': [5] } }, true],
  ['null matches null', { detail: { 'error-code': [null] } }, true],
  ['an empty string is not null', { detail: { 'error-code': [''] } }, false],
  ['case matters', { detail: { state: ['Terminated'] } }, false],
  // Arrays in events: any element may match.
  [
    'array overlap',
    { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'x'] },
    true,
  ],
  ['array overlap on a tag', { detail: { tags: ['web'] } }, true],
  ['array without overlap', { detail: { tags: ['dev'] } }, false],
  ['objects in an array', { detail: { items: { sku: ['b-2'] } } }, true],
  ['objects in an array, no match', { detail: { items: { sku: ['c-3'] } } }, false],
  // "Content filtering": prefix, suffix and their ignore-case forms.
  ['prefix', { 'detail-type': [{ prefix: 'EC2 Instance' }] }, true],
  ['prefix, no match', { 'detail-type': [{ prefix: 'EC2 Spot' }] }, false],
  ['prefix ignoring case', { source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, true],
  ['suffix', { detail: { 'file-name': [{ suffix: '.png' }] } }, true],
  ['suffix, no match', { detail: { 'file-name': [{ suffix: '.jpg' }] } }, false],
  [
    'suffix ignoring case',
    { detail: { 'file-name': [{ suffix: { 'equals-ignore-case': '.PNG' } }] } },
    true,
  ],
  // anything-but
  ['anything-but a value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
  [
    'anything-but the value itself',
    { detail: { state: [{ 'anything-but': 'terminated' }] } },
    false,
  ],
  [
    'anything-but a list',
    { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } },
    false,
  ],
  ['anything-but a number', { detail: { 'c-count': [{ 'anything-but': 0 }] } }, true],
  ['anything-but a prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, true],
  [
    'anything-but a matching prefix',
    { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } },
    false,
  ],
  [
    'anything-but a suffix',
    { detail: { 'file-name': [{ 'anything-but': { suffix: '.txt' } }] } },
    true,
  ],
  [
    'anything-but ignoring case',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'TERMINATED' } }] } },
    false,
  ],
  ['anything-but on a missing field', { detail: { color: [{ 'anything-but': 'red' }] } }, false],
  // numeric
  ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
  ['numeric range, outside', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, false],
  ['numeric equals', { detail: { 'd-count': [{ numeric: ['=', 3] }] } }, true],
  ['numeric on a decimal', { detail: { 'x-limit': [{ numeric: ['>=', 300, '<', 302] }] } }, true],
  ['numeric on a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
  // exists
  ['exists true', { detail: { state: [{ exists: true }] } }, true],
  ['exists true on a missing field', { detail: { color: [{ exists: true }] } }, false],
  ['exists false on a missing field', { detail: { color: [{ exists: false }] } }, true],
  ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
  ['exists only matches leaves', { detail: [{ exists: true }] }, false],
  // equals-ignore-case
  [
    'equals-ignore-case',
    { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    true,
  ],
  ['equals-ignore-case, other value', { source: [{ 'equals-ignore-case': 'AWS.S3' }] }, false],
  // wildcard
  ['wildcard', { detail: { 'file-name': [{ wildcard: 'rep*.png' }] } }, true],
  ['wildcard, no match', { detail: { 'file-name': [{ wildcard: '*.jpg' }] } }, false],
  [
    'wildcard with an escaped star',
    { detail: { 'file-name': [{ wildcard: 'report\\*.png' }] } },
    false,
  ],
  // cidr (IP address matching)
  ['cidr', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr, outside', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, false],
  // $or
  [
    '$or, one branch matches',
    { detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [3] }] } },
    true,
  ],
  ['$or, no branch matches', { detail: { $or: [{ 'c-count': [0] }, { 'd-count': [0] }] } }, false],
  [
    '$or at the top level',
    { $or: [{ source: ['aws.s3'] }, { detail: { location: [{ prefix: 'eu-' }] } }] },
    true,
  ],
  // Several conditions on one field are ORed.
  ['mixed conditions on one field', { detail: { state: ['running', { prefix: 'term' }] } }, true],
];

describe('event pattern matching', () => {
  it.each(cases)('%s', (_label, pattern, expected) => {
    expect(matchesPattern(validatePattern(pattern), event)).toBe(expected);
  });

  it('matches the rule this service deploys', () => {
    const pattern = { source: ['study-analytics'], 'detail-type': ['Study Session Ended'] };
    const ours = { source: 'study-analytics', 'detail-type': 'Study Session Ended', detail: {} };
    expect(matchesPattern(pattern, ours)).toBe(true);
    expect(matchesPattern(pattern, { ...ours, 'detail-type': 'Study Points Awarded' })).toBe(false);
  });

  it.each([
    [{}, /non-empty/],
    [{ source: 'aws.ec2' }, /array of values/],
    [{ source: [] }, /empty array/],
    [{ source: [{ startsWith: 'a' }] }, /unknown/],
    [{ $or: [{ source: ['a'] }] }, /at least two/],
  ])('refuses the malformed pattern %j', (pattern, message) => {
    expect(() => validatePattern(pattern)).toThrow(message);
  });
});
