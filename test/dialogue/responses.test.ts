import { describe, expect, it } from 'vitest';
import { fill, pickTemplate } from '../../src/dialogue/responses.js';

describe('reply templates', () => {
  const templates = ['Hello!', 'Hi {firstName}!', 'Hi {firstName}, your order {orderId} is {orderStatus}.'];

  it('prefers the most specific template whose slots are all known', () => {
    expect(pickTemplate(templates, { firstName: 'Ann', orderId: '1', orderStatus: 'shipped' }, 0)).toBe(templates[2]);
    expect(pickTemplate(templates, { firstName: 'Ann' }, 0)).toBe('Hi {firstName}!');
    expect(pickTemplate(templates, {}, 0)).toBe('Hello!');
  });

  it('treats empty slots as missing and returns null when nothing fits', () => {
    expect(pickTemplate(['Hi {firstName}!'], { firstName: '' }, 0)).toBeNull();
  });

  it('rotates between equally specific templates by turn', () => {
    const two = ['A {x}', 'B {x}'];
    expect(pickTemplate(two, { x: 1 }, 0)).toBe('A {x}');
    expect(pickTemplate(two, { x: 1 }, 1)).toBe('B {x}');
  });

  it('fills slots', () => {
    expect(fill('Order {orderId} is {orderStatus}.', { orderId: '536365', orderStatus: 'shipped' })).toBe('Order 536365 is shipped.');
  });
});
