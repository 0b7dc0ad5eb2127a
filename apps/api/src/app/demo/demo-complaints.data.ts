/** Realistic texts for the demo complaints (Swedish and English customers). */

export interface DemoText {
  category: string;
  en: [string, string];
  sv: [string, string];
}

/** [summary, description] per category, in English and Swedish. */
export const DEMO_TEXTS: DemoText[] = [
  {
    category: 'BILLING.OVERCHARGE',
    en: [
      'Invoice far higher than usual',
      'My October invoice is almost twice my normal amount although our usage has not changed. Please check the calculation.',
    ],
    sv: [
      'Fakturan är mycket högre än vanligt',
      'Oktoberfakturan är nästan dubbelt så hög som vanligt trots att vår förbrukning inte har ändrats. Kontrollera beräkningen.',
    ],
  },
  {
    category: 'BILLING.DOUBLE',
    en: ['Charged twice for November', 'The direct debit for November was taken twice from my account on the same day.'],
    sv: ['Dragen två gånger för november', 'Autogirot för november drogs två gånger från mitt konto samma dag.'],
  },
  {
    category: 'BILLING.LATE_FEE',
    en: [
      'Late fee although I paid on time',
      'I paid the invoice two days before the due date but still received a reminder with a late fee.',
    ],
    sv: [
      'Påminnelseavgift trots betalning i tid',
      'Jag betalade fakturan två dagar före förfallodagen men fick ändå en påminnelse med avgift.',
    ],
  },
  {
    category: 'BILLING.REFUND',
    en: [
      'Refund promised in September never arrived',
      'I was promised a refund of the overpaid amount in September and nothing has been paid back yet.',
    ],
    sv: [
      'Utlovad återbetalning har inte kommit',
      'Jag blev lovad återbetalning av det jag betalat för mycket i september men ingenting har kommit.',
    ],
  },
  {
    category: 'METERING.ESTIMATED',
    en: [
      'Estimated reading instead of actual',
      'I submitted my meter reading on time but the invoice is based on an estimate that is far too high.',
    ],
    sv: [
      'Uppskattad mätarställning i stället för verklig',
      'Jag lämnade mätarställning i tid men fakturan bygger på en alldeles för hög uppskattning.',
    ],
  },
  {
    category: 'METERING.FAULTY',
    en: ['Meter seems to be faulty', 'The meter display is blank and the consumption shown online jumps every night.'],
    sv: ['Mätaren verkar vara trasig', 'Mätarens display är svart och förbrukningen på Mina sidor hoppar varje natt.'],
  },
  {
    category: 'CONTRACT.TERMS',
    en: ['Price change without notice', 'The price of my fixed contract was raised without the notice the terms promise.'],
    sv: ['Prisändring utan avisering', 'Priset i mitt fastprisavtal höjdes utan den avisering som villkoren utlovar.'],
  },
  {
    category: 'CONTRACT.SWITCHING',
    en: ['Switch of supplier delayed', 'My switch to you was supposed to start on the 1st but I am still billed by the old supplier.'],
    sv: ['Leverantörsbytet är försenat', 'Bytet skulle ske den 1:a men jag faktureras fortfarande av den gamla leverantören.'],
  },
  {
    category: 'CONTRACT.CANCELLATION',
    en: ['Cancellation not confirmed', 'I cancelled my contract by phone a month ago and have still not received a confirmation.'],
    sv: [
      'Uppsägningen har inte bekräftats',
      'Jag sa upp mitt avtal per telefon för en månad sedan och har fortfarande inte fått någon bekräftelse.',
    ],
  },
  {
    category: 'SUPPLY.OUTAGE',
    en: ['Power outage for two days', 'We had no electricity for two days last week and nobody told us when it would be back.'],
    sv: ['Strömavbrott i två dygn', 'Vi var utan ström i två dygn förra veckan och ingen kunde säga när den skulle komma tillbaka.'],
  },
  {
    category: 'SUPPLY.CONNECTION',
    en: ['New connection delayed again', 'The connection of our new house has been postponed three times.'],
    sv: ['Nyanslutningen försenad igen', 'Anslutningen av vårt nya hus har skjutits upp tre gånger.'],
  },
  {
    category: 'SERVICE.WAIT_TIME',
    en: ['Waited 50 minutes in the phone queue', 'I waited almost an hour in the queue and the call was then disconnected.'],
    sv: ['Väntade 50 minuter i telefonkön', 'Jag väntade nästan en timme i kön och sedan bröts samtalet.'],
  },
  {
    category: 'SERVICE.AGENT',
    en: ['Rude agent on the phone', 'The agent I spoke to was dismissive and ended the call while I was still talking.'],
    sv: [
      'Otrevlig handläggare i telefon',
      'Handläggaren jag pratade med var avvisande och avslutade samtalet medan jag fortfarande pratade.',
    ],
  },
  {
    category: 'SERVICE.WRONG_INFO',
    en: [
      'Given wrong information about my contract',
      'I was told I could cancel without a fee, but now I have been charged a cancellation fee.',
    ],
    sv: [
      'Fick fel information om mitt avtal',
      'Jag fick höra att jag kunde säga upp utan avgift men nu har jag debiterats en uppsägningsavgift.',
    ],
  },
  {
    category: 'SERVICE.NO_CALLBACK',
    en: ['Promised call-back never came', 'I was promised a call back within a day. It has been a week.'],
    sv: ['Utlovad återuppringning kom aldrig', 'Jag blev lovad att bli uppringd inom ett dygn. Nu har det gått en vecka.'],
  },
  {
    category: 'DELIVERY.LATE',
    en: ['Order two weeks late', 'My order was promised within 3 days and has still not arrived after two weeks.'],
    sv: ['Beställningen två veckor sen', 'Min beställning skulle komma inom 3 dagar och har fortfarande inte kommit efter två veckor.'],
  },
  {
    category: 'DELIVERY.DAMAGED',
    en: ['Sofa delivered damaged', 'The sofa arrived with a torn cover and a broken leg; the driver left before I could check it.'],
    sv: [
      'Soffan levererades skadad',
      'Soffan kom med trasig klädsel och ett avbrutet ben; chauffören åkte innan jag hann kontrollera den.',
    ],
  },
  {
    category: 'DELIVERY.MISSING',
    en: ['Item missing from the parcel', 'The parcel contained only two of the three items I paid for.'],
    sv: ['En vara saknades i paketet', 'Paketet innehöll bara två av de tre varor jag betalat för.'],
  },
  {
    category: 'PRODUCT.QUALITY',
    en: ['Kettle stopped working after a week', 'The kettle I bought stopped heating after one week of normal use.'],
    sv: ['Vattenkokaren slutade fungera efter en vecka', 'Vattenkokaren jag köpte slutade värma efter en veckas normal användning.'],
  },
  {
    category: 'PRODUCT.SAFETY',
    en: ['Charger became very hot', 'The phone charger got so hot it melted the plastic; I am worried about a fire.'],
    sv: ['Laddaren blev mycket varm', 'Mobilladdaren blev så varm att plasten smälte; jag är orolig för brand.'],
  },
  {
    category: 'RETURNS.REFUSED',
    en: ['Return refused within the return period', 'My return was refused in store although I was within the 30-day return period.'],
    sv: ['Returen nekades inom returtiden', 'Min retur nekades i butiken trots att jag var inom 30 dagars returrätt.'],
  },
  {
    category: 'RETURNS.REFUND_DELAY',
    en: ['Refund for returned jacket still missing', 'I returned a jacket five weeks ago and have not received my money back.'],
    sv: ['Återbetalning för returnerad jacka saknas', 'Jag returnerade en jacka för fem veckor sedan och har inte fått pengarna tillbaka.'],
  },
  {
    category: 'PAYMENT.CARD',
    en: ['Card charged the wrong amount', 'My card was charged $89.90 instead of the $59.90 shown at checkout.'],
    sv: ['Kortet drogs med fel belopp', 'Mitt kort drogs med 89,90 dollar i stället för de 59,90 som visades i kassan.'],
  },
];

export const SWEDISH_NAMES = [
  'Eva Svensson',
  'Lars Johansson',
  'Karin Lindberg',
  'Anders Nilsson',
  'Maria Eriksson',
  'Johan Larsson',
  'Sofia Andersson',
  'Erik Persson',
  'Ingrid Gustafsson',
  'Mikael Olsson',
  'Åsa Bergström',
  'Björn Öberg',
  'Linnéa Sjöberg',
  'Per Håkansson',
];
export const ENGLISH_NAMES = [
  'Emily Johnson',
  'Michael Smith',
  'Sarah Williams',
  'David Brown',
  'Jessica Miller',
  'James Wilson',
  'Ashley Moore',
  'Robert Taylor',
  'Olivia Anderson',
  'Daniel Thomas',
  'Grace O’Connor',
  'Liam Murphy',
  'Chloe Martin',
  'Noah Clark',
];

export const RESOLUTIONS: Record<string, string[]> = {
  upheld: [
    'We corrected the invoice and refunded the difference.',
    'We apologised and credited the amount to the next invoice.',
    'A replacement was sent and the cost refunded.',
  ],
  partially_upheld: [
    'We refunded the fee but the price change was made according to the terms.',
    'We credited part of the amount as a goodwill gesture.',
  ],
  not_upheld: [
    'Our investigation showed the invoice was correct; we explained the calculation.',
    'The terms allow the change; we explained them and your options.',
  ],
  withdrawn: ['The customer withdrew the complaint after our explanation.'],
};
