import type { PartnerLayout, SftpSettings } from "../../src/exchange/index.ts";

/** The French partner layout of countries.yml. */
export const FR_LAYOUT: PartnerLayout = {
  delimiter: ";",
  decimal: ",",
  thousands: "\u202F",
  encoding: "utf-8",
  bom: true,
  amount_suffix: " €",
  mileage_suffix: " km",
  date_format: "%d.%m.%Y",
  file_glob: "cotations_*.csv",
  columns: {
    vin: "VIN",
    valuation_date: "Date cotation",
    mileage_km: "Kilométrage",
    trade_value: "Valeur reprise",
    retail_value: "Valeur vente",
    make: "Marque",
    model: "Modèle",
  },
};

/** The German partner layout of countries.yml. */
export const DE_LAYOUT: PartnerLayout = {
  delimiter: ";",
  decimal: ".",
  thousands: "",
  encoding: "latin-1",
  bom: false,
  amount_suffix: "",
  mileage_suffix: "",
  date_format: "%d.%m.%Y",
  file_glob: "bewertungen_*.csv",
  columns: {
    vin: "FIN",
    valuation_date: "Bewertungsdatum",
    mileage_km: "Laufleistung",
    trade_value: "Händlereinkaufswert",
    retail_value: "Händlerverkaufswert",
    make: "Marke",
    model: "Modell",
  },
};

/** The Spanish partner layout of countries.yml. */
export const ES_LAYOUT: PartnerLayout = {
  delimiter: ",",
  decimal: ".",
  thousands: "",
  encoding: "utf-16",
  bom: true,
  amount_suffix: "",
  mileage_suffix: "",
  date_format: "%d/%m/%Y",
  file_glob: "tasaciones_*.csv",
  columns: {
    vin: "bastidor",
    valuation_date: "fecha_tasacion",
    mileage_km: "kilometros",
    trade_value: "valor_compra",
    retail_value: "valor_venta",
    make: "marca",
    model: "modelo",
  },
};

const NNBSP = "\u202F";

/** Returns a valid French quotation file as text (without the BOM). */
export function frenchQuotations(): string {
  return [
    "VIN;Date cotation;Kilométrage;Valeur reprise;Valeur vente;Marque;Modèle",
    `VF1RFB00X62345678;04.01.2027;48${NNBSP}210 km;12${NNBSP}450,00 €;14${NNBSP}990,50 €;Renault;Mégane`,
    `VF3MCYHZRHS123456;04.01.2027;102${NNBSP}003 km;8${NNBSP}100,00 €;9${NNBSP}750,00 €;Peugeot;"308; SW"`,
    "",
  ].join("\r\n");
}

/** Returns a valid German quotation file as text. */
export function germanQuotations(): string {
  return [
    "FIN;Bewertungsdatum;Laufleistung;Händlereinkaufswert;Händlerverkaufswert;Marke;Modell",
    "WVWZZZ1KZ6W123456;05.01.2027;61500;15400;17900;Volkswagen;Golf",
    "WBA8E9G50GNT12345;05.01.2027;88020;21350.50;24990;BMW;320d Touring",
    "",
  ].join("\r\n");
}

/** Returns a valid Spanish quotation file as text (floats, as Excel writes them). */
export function spanishQuotations(): string {
  return [
    "bastidor,fecha_tasacion,kilometros,valor_compra,valor_venta,marca,modelo",
    "VSSZZZ5FZKR123456,06/01/2027,35210.0,13900.0,15800.0,SEAT,León",
    "",
  ].join("\r\n");
}

export function utf8WithBom(text: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(text, "utf8"),
  ]);
}

export function utf16WithBom(text: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(text, "utf16le"),
  ]);
}

/** SFTP settings for the test server, with short waits. */
export function testSettings(
  port: number,
  fingerprint: string,
  folders: { outbox: string; inbox: string },
  landingDir: string,
): SftpSettings {
  return {
    host: "127.0.0.1",
    port,
    user: "root",
    host_key_sha256: fingerprint,
    auth: { private_key_file_env: "STRATA_TEST_SFTP_KEY_FILE" },
    outbox: folders.outbox,
    inbox: folders.inbox,
    request_file: "demandes_{country}_{quarter}.csv",
    complete_when: "checksum",
    end_marker: "#EOF",
    stable_seconds: 0.3,
    connect_timeout_seconds: 5,
    transfer_timeout_seconds: 10,
    retries: 2,
    retry_backoff_seconds: 0.05,
    landing_dir: landingDir,
    quotation_columns: [
      "vin",
      "valuation_date",
      "mileage_km",
      "trade_value",
      "retail_value",
      "make",
      "model",
    ],
    required_columns: ["vin", "valuation_date", "trade_value"],
  };
}
