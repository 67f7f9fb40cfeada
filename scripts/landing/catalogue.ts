/**
 * The car catalogue of the synthetic fleet: make, model, body, fuel, power
 * and list price of the versions a leasing company typically holds, with
 * each version's weight in the FR, DE and ES fleets.
 *
 * List prices are rounded 2024 catalogue prices in EUR including VAT. The
 * weights are relative (a version of weight 4 is twice as common as one of
 * weight 2 in that country) and follow each market's leasing mix: French
 * makes in France, German premium makes and diesel in Germany, SEAT, Kia and
 * small petrol cars in Spain. `brand` is the long-run value retention of the
 * model relative to the market (1.05 keeps 5% more of its value).
 */
export interface CatalogueVersion {
  make: string;
  model: string;
  body: Body;
  fuel: Fuel;
  powerHp: number;
  listPriceEur: number;
  weight: { fr: number; de: number; es: number };
  brand: number;
}

export type Body =
  "small" | "hatchback" | "saloon" | "estate" | "suv" | "mpv" | "van";

export type Fuel =
  "petrol" | "diesel" | "hybrid" | "plugin_hybrid" | "electric";

type Row = [
  string,
  string,
  Body,
  Fuel,
  number,
  number,
  number,
  number,
  number,
  number,
];

// make, model, body, fuel, hp, list price, weight fr, de, es, brand
const rows: Row[] = [
  ["Peugeot", "208", "small", "petrol", 100, 21900, 9, 1, 3, 1.0],
  ["Peugeot", "208", "small", "electric", 136, 35900, 3, 0.3, 0.5, 0.9],
  ["Peugeot", "2008", "suv", "petrol", 130, 29900, 7, 1, 2, 1.02],
  ["Peugeot", "3008", "suv", "diesel", 130, 38900, 5, 0.8, 1, 1.0],
  ["Peugeot", "3008", "suv", "plugin_hybrid", 225, 47500, 2, 0.3, 0.3, 0.95],
  ["Peugeot", "308", "hatchback", "diesel", 130, 33900, 4, 0.5, 1, 0.97],
  ["Renault", "Clio", "small", "petrol", 90, 19900, 10, 1, 3, 1.0],
  ["Renault", "Clio", "small", "hybrid", 145, 25400, 4, 0.3, 1, 1.02],
  ["Renault", "Captur", "suv", "hybrid", 145, 31100, 6, 0.8, 2, 1.0],
  [
    "Renault",
    "Megane E-Tech",
    "hatchback",
    "electric",
    220,
    41900,
    3,
    0.5,
    0.5,
    0.85,
  ],
  ["Renault", "Trafic", "van", "diesel", 150, 39900, 3, 0.5, 1, 1.05],
  ["Dacia", "Sandero", "small", "petrol", 90, 14900, 6, 1, 3, 1.06],
  ["Dacia", "Duster", "suv", "diesel", 115, 22900, 4, 1, 2, 1.08],
  ["Citroën", "C3", "small", "petrol", 83, 18900, 6, 0.5, 4, 0.97],
  ["Citroën", "C5 Aircross", "suv", "diesel", 130, 35400, 3, 0.3, 1.5, 0.94],
  ["Citroën", "Berlingo", "van", "diesel", 100, 27900, 4, 0.8, 3, 1.03],
  [
    "DS Automobiles",
    "DS 7",
    "suv",
    "plugin_hybrid",
    225,
    52900,
    1.5,
    0.1,
    0.2,
    0.88,
  ],
  ["Volkswagen", "Polo", "small", "petrol", 95, 22500, 2, 6, 2, 1.03],
  ["Volkswagen", "Golf", "hatchback", "petrol", 130, 32900, 3, 10, 2, 1.04],
  ["Volkswagen", "Golf", "hatchback", "diesel", 115, 34900, 2, 8, 1, 1.02],
  ["Volkswagen", "Passat", "estate", "diesel", 150, 47900, 1, 7, 0.5, 1.0],
  ["Volkswagen", "Tiguan", "suv", "diesel", 150, 45900, 2, 6, 1.5, 1.04],
  ["Volkswagen", "ID.3", "hatchback", "electric", 204, 39900, 1, 3, 0.3, 0.84],
  ["Volkswagen", "ID.4", "suv", "electric", 204, 46900, 1, 3, 0.3, 0.85],
  ["BMW", "320d", "saloon", "diesel", 190, 49900, 1, 6, 1, 1.02],
  ["BMW", "X1", "suv", "petrol", 136, 44900, 1, 4, 1, 1.05],
  ["BMW", "X3", "suv", "plugin_hybrid", 292, 68900, 0.5, 3, 0.5, 0.97],
  ["BMW", "i4", "saloon", "electric", 340, 59900, 0.3, 1.5, 0.2, 0.88],
  [
    "Mercedes-Benz",
    "A 180",
    "hatchback",
    "petrol",
    136,
    36900,
    1,
    4,
    1.5,
    1.03,
  ],
  ["Mercedes-Benz", "C 220 d", "estate", "diesel", 200, 54900, 0.5, 6, 1, 1.03],
  [
    "Mercedes-Benz",
    "GLC 300 e",
    "suv",
    "plugin_hybrid",
    313,
    72900,
    0.3,
    3,
    0.5,
    0.98,
  ],
  ["Audi", "A3 Sportback", "hatchback", "petrol", 150, 37900, 1, 4, 1.5, 1.05],
  ["Audi", "A4 Avant", "estate", "diesel", 163, 49900, 0.5, 5, 1, 1.03],
  ["Audi", "Q5", "suv", "diesel", 204, 62900, 0.5, 3, 0.8, 1.04],
  ["Škoda", "Octavia Combi", "estate", "diesel", 116, 33900, 1, 7, 1, 1.05],
  ["Škoda", "Fabia", "small", "petrol", 95, 19900, 0.5, 3, 1, 1.04],
  ["Škoda", "Enyaq", "suv", "electric", 204, 48900, 0.3, 2, 0.3, 0.87],
  ["Opel", "Corsa", "small", "petrol", 100, 20900, 1.5, 5, 2, 0.96],
  ["Opel", "Astra", "hatchback", "diesel", 130, 31900, 1, 3, 1, 0.94],
  ["Ford", "Fiesta", "small", "petrol", 100, 20900, 1.5, 3, 2, 0.95],
  ["Ford", "Kuga", "suv", "plugin_hybrid", 225, 42900, 1, 2, 1, 0.96],
  ["Ford", "Transit Custom", "van", "diesel", 130, 42900, 1, 3, 1, 1.04],
  ["Toyota", "Yaris", "small", "hybrid", 116, 23900, 4, 2, 4, 1.08],
  ["Toyota", "C-HR", "suv", "hybrid", 140, 34900, 3, 2, 3, 1.07],
  [
    "Toyota",
    "Corolla Touring Sports",
    "estate",
    "hybrid",
    140,
    34900,
    2,
    2,
    3,
    1.08,
  ],
  ["SEAT", "Ibiza", "small", "petrol", 95, 19900, 1, 2, 7, 0.99],
  ["SEAT", "Leon", "hatchback", "diesel", 115, 29900, 1, 2, 6, 0.98],
  ["SEAT", "Arona", "suv", "petrol", 110, 23900, 1, 1.5, 6, 1.0],
  ["CUPRA", "Formentor", "suv", "petrol", 150, 37900, 1, 1.5, 3, 1.02],
  ["Kia", "Sportage", "suv", "hybrid", 230, 41900, 1.5, 2, 4, 1.03],
  ["Kia", "Ceed", "hatchback", "petrol", 120, 26900, 1, 1.5, 3, 0.98],
  ["Kia", "Niro EV", "suv", "electric", 204, 44900, 1, 1, 1, 0.9],
  ["Hyundai", "Tucson", "suv", "hybrid", 230, 40900, 1.5, 2, 4, 1.02],
  ["Hyundai", "i20", "small", "petrol", 100, 20900, 1, 1.5, 3, 0.97],
  ["Nissan", "Qashqai", "suv", "petrol", 140, 32900, 2, 1.5, 4, 0.98],
  ["Fiat", "500", "small", "petrol", 70, 17900, 2, 1.5, 2, 1.0],
  ["MINI", "Cooper", "small", "petrol", 136, 29900, 1, 2, 1.5, 1.06],
  [
    "Land Rover",
    "Range Rover Evoque",
    "suv",
    "diesel",
    163,
    56900,
    0.5,
    1,
    0.8,
    0.95,
  ],
  ["Tesla", "Model 3", "saloon", "electric", 283, 44900, 1.5, 2, 1, 0.82],
  ["Volvo", "XC60", "suv", "plugin_hybrid", 350, 69900, 0.5, 1.5, 0.8, 0.99],
];

export const catalogue: CatalogueVersion[] = rows.map((row) => ({
  make: row[0],
  model: row[1],
  body: row[2],
  fuel: row[3],
  powerHp: row[4],
  listPriceEur: row[5],
  weight: { fr: row[6], de: row[7], es: row[8] },
  brand: row[9],
}));
