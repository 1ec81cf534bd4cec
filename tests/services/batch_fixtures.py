"""A file of a few hundred parties for the chunked screening batches, and what screening each
party alone gives (the expectation is computed, never written down)."""

import random
from typing import Any

from hrdd.services import batches
from hrdd.settings import Settings
from hrdd.sources.parties import PartyRow, read_parties

# names near the test list's entries (tests/screening/entities.py), repeated, and clean ones
LISTED = [("Romashka Systems", "ru", "Company", "", ""), ("Romashka Systems LLC", "", "Company", "", ""),
          ("Romashka Systems", "de", "Company", "", ""), ("IRGC", "", "Organization", "", ""),
          ("Islamic Revolutionary Guard Corps", "ir", "Organization", "", ""),
          ("Ivan Sidorenko", "ru", "Person", "1961-04-12", ""), ("Ivan Sidorenko", "", "Person", "", ""),
          ("Ivan Sidorenko", "ru", "Person", "1975", ""), ("Mohamed Ali Hassan", "sy", "Person", "", ""),
          ("Zhejiang Dahua Technology", "cn", "Company", "", "549300JB1P61FUTPEZ75"),
          ("Dahua Technology", "", "Company", "", ""), ("Ruritania Telecom Holding", "ru", "Company", "", ""),
          ("Northwind Surveillance Solutions", "", "LegalEntity", "", ""),
          ("Blue Harbor Trading", "ae", "Company", "", ""), ("Ministry of State Security", "ru", "LegalEntity", "", "")]
CLEAN = ["Bakery Schmidt und Soehne", "Acme Widgets Ltd", "Harbour Lights Cafe", "Nordic Timber AB",
         "Maria Gonzalez", "Green Valley Farms", "Pixel Forge Studios", "Atlas Cargo GmbH"]


def party_file(rows: int, seed: int = 14) -> bytes:
    """A CSV of ``rows`` parties: about half near a listed entry, names repeated in other countries."""
    rng = random.Random(seed)
    lines = ["name,country,schema,birth_date,identifier"]
    for n in range(rows):
        if n % 2:
            name, country, schema, born, ident = rng.choice(LISTED)
        else:
            name, country, schema, born, ident = (rng.choice(CLEAN), rng.choice(["", "de", "fr", "ru"]),
                                                  "LegalEntity", "", "")
        lines.append(f"{name},{country},{schema},{born},{ident}")
    return ("\n".join(lines) + "\n").encode()


def one_at_a_time(data: bytes, settings: Settings) -> list[dict[str, Any]]:
    """The result rows of screening each party of the file alone (``screen_name``), in order."""
    parties: list[PartyRow] = read_parties("parties.csv", data)
    return [row for party in parties for row in batches.party_results(party, settings)]
