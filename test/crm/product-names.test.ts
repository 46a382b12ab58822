// Product display names, on descriptions copied verbatim from ../shared/datasets/online-retail/transactions.csv (upper
// case, double spaces, glued commas, units, M.O.P, typos), and over every distinct description in the file when present.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayProductName } from '../../src/crm/product-names.js';

// ../shared next to the repository (/work/main), or next to the worktrees' folder (/work/wt/<name>).
const RETAIL = [3, 4].map((up) => join(import.meta.dirname, ...Array<string>(up).fill('..'), 'shared', 'datasets', 'online-retail', 'transactions.csv')).find(existsSync) ?? '';

describe('displayProductName', () => {
  it.each([
    ['WHITE HANGING HEART T-LIGHT HOLDER', 'White Hanging Heart T-Light Holder'],
    ['SET 3 RETROSPOT TEA,COFFEE,SUGAR', 'Set 3 Retrospot Tea, Coffee, Sugar'],
    ['SET OF 6 RIBBONS PARTY', 'Set of 6 Ribbons Party'],
    ['JAM JAR WITH GREEN LID', 'Jam Jar with Green Lid'],
    ['SET/6 PINK BIRD T-LIGHT CANDLES', 'Set/6 Pink Bird T-Light Candles'],
    ['PINK AND WHITE CHRISTMAS TREE 120CM', 'Pink and White Christmas Tree 120cm'],
    ['15CM CHRISTMAS GLASS BALL 20 LIGHTS', '15cm Christmas Glass Ball 20 Lights'],
    ['POLYESTER FILLER PAD 30CMx30CM', 'Polyester Filler Pad 30cmx30cm'],
    ['POLYESTER FILLER PAD 40x40cm', 'Polyester Filler Pad 40x40cm'],
    ['BAG 125g SWIRLY MARBLES', 'Bag 125g Swirly Marbles'],
    ['ESSENTIAL BALM 3.5g TIN IN ENVELOPE', 'Essential Balm 3.5g Tin in Envelope'],
    ["CHILDREN'S CIRCUS PARADE MUG", "Children's Circus Parade Mug"],
    ['SILVER M.O.P ORBIT BRACELET', 'Silver M.O.P Orbit Bracelet'],
    ['GOLD M.O.P. ORBIT NECKLACE', 'Gold M.O.P. Orbit Necklace'],
    ['3D DOG PICTURE PLAYING CARDS', '3D Dog Picture Playing Cards'],
    ['LUNCH BAG  BLACK SKULL.', 'Lunch Bag Black Skull'],
    ['ACRYLIC HANGING JEWEL,PINK', 'Acrylic Hanging Jewel, Pink'],
    ['RED CHARLIE+LOLA PERSONAL DOORSIGN', 'Red Charlie+Lola Personal Doorsign'],
    ['3 TRADITIONAl BISCUIT CUTTERS  SET', '3 Traditional Biscuit Cutters Set'],
    ['FLOWERS HANDBAG blue and orange', 'Flowers Handbag blue and orange'],
    ['RETRO TV SHAPED MIRROR', 'Retro TV Shaped Mirror'],
    ['A4 WALL TIDY BLUE OFFICE', 'A4 Wall Tidy Blue Office'],
  ])('%s → %s', (raw, shown) => {
    expect(displayProductName(raw)).toBe(shown);
  });

  it('leaves names written in mixed case as they are (demo catalogue, non-product lines)', () => {
    expect(displayProductName('Bank Charges')).toBe('Bank Charges');
    expect(displayProductName('Wireless Headphones  ')).toBe('Wireless Headphones');
    expect(displayProductName('CRUK Commission')).toBe('CRUK Commission');
    expect(displayProductName('')).toBe('');
  });

  it.skipIf(RETAIL === '')('gives every description in the retail file a stable name that only changes case, spacing and a final stop', () => {
    const names = new Set<string>();
    for (const line of readFileSync(RETAIL, 'utf8').split('\n').slice(1)) {
      const field = /^[^,]*,[^,]*,[^,]*,[^,]*,("(?:[^"]|"")*"|[^,]*),/.exec(line)?.[1];
      if (field !== undefined) names.add(field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field);
    }
    expect(names.size).toBeGreaterThan(3800);
    const letters = (s: string) => s.toLowerCase().replace(/[\s.,]/g, '');
    const shouting: string[] = [];
    for (const raw of names) {
      const shown = displayProductName(raw);
      expect(letters(shown), raw).toBe(letters(raw));
      expect(displayProductName(shown), raw).toBe(shown);
      // Left in capitals: only short acronyms and codes, never ordinary words.
      for (const word of shown.split(/[\s/+\-,."'()&]+/)) if (/^[A-Z]{4,}$/.test(word) && word !== 'CRUK') shouting.push(`${raw} → ${word}`);
    }
    expect(shouting).toEqual([]);
  });
});
