import type { Body, Fuel } from "./catalogue.ts";

/**
 * How each country's fleet system writes fuels, bodies, gearboxes and makes.
 * Staging maps these back through the seeds fuel_codes, body_codes,
 * gearbox_codes and make_aliases, so every label here must have a seed row.
 */
export interface SourceLabels {
  fuel: Record<Fuel, string>;
  body: Record<Body, string>;
  gearbox: { manual: string; automatic: string };
  /** Alternative make spellings, written for a share of that make's cars. */
  makeVariants: Record<string, string>;
}

export const sourceLabels: Record<string, SourceLabels> = {
  fr: {
    fuel: {
      petrol: "Essence",
      diesel: "Diesel",
      hybrid: "Hybride",
      plugin_hybrid: "Hybride rechargeable",
      electric: "Électrique",
    },
    body: {
      small: "Citadine",
      hatchback: "Compacte",
      saloon: "Berline",
      estate: "Break",
      suv: "SUV",
      mpv: "Monospace",
      van: "Utilitaire",
    },
    gearbox: {
      manual: "Boite de vitesse manuelle",
      automatic: "Boite de vitesse automatique",
    },
    makeVariants: {
      Citroën: "Citroen",
      "Land Rover": "Land-Rover",
      "Mercedes-Benz": "Mercedes",
      "DS Automobiles": "DS",
    },
  },
  de: {
    fuel: {
      petrol: "Benzin",
      diesel: "Diesel",
      hybrid: "Hybrid (Benzin/Elektro)",
      plugin_hybrid: "Plug-in-Hybrid",
      electric: "Elektro",
    },
    body: {
      small: "Kleinwagen",
      hatchback: "Kompaktklasse",
      saloon: "Limousine",
      estate: "Kombi",
      suv: "SUV/Geländewagen",
      mpv: "Van/Kleinbus",
      van: "Transporter",
    },
    gearbox: { manual: "Schaltgetriebe", automatic: "Automatik" },
    // The German partner file is latin-1, which has no "Š".
    makeVariants: {
      Škoda: "Skoda",
      Volkswagen: "VW",
      "Land Rover": "Land-Rover",
      Citroën: "Citroen",
      Kia: "KIA",
    },
  },
  es: {
    fuel: {
      petrol: "Gasolina",
      diesel: "Diésel",
      hybrid: "Híbrido",
      plugin_hybrid: "Híbrido enchufable",
      electric: "Eléctrico",
    },
    body: {
      small: "Utilitario",
      hatchback: "Compacto",
      saloon: "Berlina",
      estate: "Familiar",
      suv: "SUV",
      mpv: "Monovolumen",
      van: "Furgoneta",
    },
    gearbox: { manual: "manual", automatic: "automático" },
    makeVariants: {
      Kia: "KIA",
      Citroën: "Citroen",
      Škoda: "Skoda",
      CUPRA: "Cupra",
      MINI: "Mini",
    },
  },
};

/** World manufacturer identifiers: the first three characters of a VIN. */
export const manufacturerIds: Record<string, string> = {
  Peugeot: "VF3",
  Renault: "VF1",
  Dacia: "UU1",
  Citroën: "VF7",
  "DS Automobiles": "VR1",
  Volkswagen: "WVW",
  BMW: "WBA",
  "Mercedes-Benz": "WDD",
  Audi: "WAU",
  Škoda: "TMB",
  Opel: "W0L",
  Ford: "WF0",
  Toyota: "SB1",
  SEAT: "VSS",
  CUPRA: "VSS",
  Kia: "KNA",
  Hyundai: "KMH",
  Nissan: "SJN",
  Fiat: "ZFA",
  MINI: "WMW",
  "Land Rover": "SAL",
  Tesla: "LRW",
  Volvo: "YV1",
};
