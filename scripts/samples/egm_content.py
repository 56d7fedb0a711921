"""The content of the expert group meeting sample: title, running header, footnotes and the text flow."""
from __future__ import annotations

from samples.common import Callout, Heading, Items, Para

EGM_NAME = "egm_migration_sdg_meeting_report.pdf"
EGM_RUNNING_HEADER = "Expert Group Meeting on Migration and the 2030 Agenda \u2014 Summary report"
EGM_TITLE = "Expert Group Meeting on International Migration and the Sustainable Development Goals"
EGM_SUBTITLE = (
    "Summary report of the meeting held in New York on 12 and 13 February 2024, organized by the "
    "Global Migration Group (GMG) with IOM and UNDP"
)
EGM_FOOTNOTES: dict[str, str] = {
    "1": "See the progress declaration of the International Migration Review Forum, General Assembly "
    "resolution 76/266 of 7 June 2022, paragraphs 12 to 18.",
    "2": "Figures provided by the Ministry of Family, Labour and Social Services of T\u00fcrkiye for the "
    "period from 1 January to 31 December 2023.",
}
EGM_FLOW: tuple[Heading | Para | Callout | Items, ...] = (
    Heading("1. Introduction"),
    Para(
        "The Expert Group Meeting on International Migration and the Sustainable Development Goals was "
        "convened in New York on 12 and 13 February 2024 by the Global Migration Group (GMG), with the "
        "support of the International Organization for Migration (IOM) and the United Nations Development "
        "Programme (UNDP). It brought together 46 experts from national statistical offices, ministries, "
        "regional commissions, academia and civil society to review progress on the migration-related "
        "commitments of the 2030 Agenda for Sustainable Development."
    ),
    Para(
        "The meeting responded to General Assembly resolution 79/217, which invites Member States to "
        "strengthen the evidence base on migration and to report on it in their Voluntary National Reviews. "
        "Participants discussed how SDG 10, and in particular target 10.7 on orderly, safe, regular and "
        "responsible migration, interacts with targets 8.8 and 10.c and with the 23 objectives of the Global "
        "Compact for Safe, Orderly and Regular Migration (GCM).[^1]"
    ),
    Heading("2. Labour migration and decent work"),
    Para(
        "Speakers from the Republic of Moldova, the Kyrgyz Republic and the Philippines presented national "
        "experiences with bilateral labour agreements. The Ministry of Labour and Social Protection of the "
        "Republic of Moldova described how it now matches workers with employers abroad through a public "
        "registry, reducing the role of unlicensed intermediaries. The International Labour Organization "
        "(ILO) stressed that recruitment fees paid by workers, measured by indicator 10.7.1, remain a major "
        "driver of debt bondage and of vulnerability to trafficking in persons."
    ),
    Para(
        "Several participants noted that the protection of labour rights for migrant workers under target "
        "8.8 is rarely monitored with disaggregated data. In Mexico, for example, only a fraction of labour "
        "inspections record the nationality of workers. Experts recommended that SDGs 5 and 10 be addressed "
        "together, since women migrant workers in domestic work face the highest risk of abuse and the "
        "lowest coverage by social protection."
    ),
    Heading("3. Remittances and financial inclusion"),
    Para(
        "The session on remittances reviewed progress towards target 10.c, which calls for reducing the "
        "transaction costs of migrant remittances to less than 3 per cent and eliminating corridors with "
        "costs higher than 5 per cent by 2030. According to the World Bank and the Global Knowledge "
        "Partnership on Migration and Development (KNOMAD), the global average cost of sending USD 200 "
        "stood at 6.2 per cent in the fourth quarter of 2023, more than twice the target."
    ),
    Para(
        "Participants cautioned that the figures behind indicator 10.c.1 should not be confused with "
        "household survey statistics. In one survey presented at the meeting, 10.7% of households in rural "
        "areas of the Kyrgyz Republic reported receiving remittances through informal channels, a share "
        "that has nothing to do with target 10.7 despite the coincidence of the numbers. Digital remittance "
        "services in C\u00f4te d\u2019Ivoire and the Philippines were cited as examples where costs fell "
        "below 3 per cent."
    ),
    Callout(
        "Key messages",
        (
            "Migration contributes to at least 11 of the 17 SDGs; target 10.7 cannot be achieved without "
            "data on all of them.",
            "Reducing remittance costs under target 10.c could save migrant families more than USD 20 "
            "billion a year.",
            "Recruitment costs (indicator 10.7.1) and remittance costs (indicator 10.c.1) need regular, "
            "comparable national surveys.",
            "Climate-related displacement must be reflected in national adaptation plans and in reporting "
            "on SDG 13.",
        ),
    ),
    Heading("4. Trafficking in persons and smuggling of migrants"),
    Para(
        "The United Nations Office on Drugs and Crime (UNODC) presented the latest global report on "
        "trafficking in persons, which found that detected victims of trafficking for forced labour "
        "increased by 47 per cent between 2019 and 2022. Experts linked this trend to targets 5.2, 8.7 "
        "and 16.2, and called for screening of migrants in irregular situations at borders and in "
        "reception centres, as well as for safe channels for reporting abuse."
    ),
    Heading("5. Diaspora, return and reintegration"),
    Para(
        "Representatives of T\u00fcrkiye and Mexico described diaspora engagement programmes that channel "
        "savings and skills into local development. The Planning Institute of Jamaica presented its "
        "diaspora mapping exercise, carried out in 2022 with IOM, which has informed the country's national "
        "development plan. Experts agreed that sustainable return and reintegration requires coordination "
        "between ministries of labour, interior and foreign affairs, and that returnees should be counted "
        "in labour force surveys."
    ),
    Para(
        "The discussion also covered the situation of refugees and asylum seekers. Participants recalled "
        "that indicator 10.7.4, the proportion of the population who are refugees, was added to the global "
        "indicator framework in 2020, and that countries hosting large refugee populations need predictable "
        "financing. A pilot in T\u00fcrkiye supported by UNDP and the ILO helped 1,450 refugees and host "
        "community members obtain work permits in 2023.[^2]"
    ),
    Heading("6. Climate change and human mobility"),
    Para(
        "Experts from small island developing States and the Sahel presented evidence on climate-related "
        "displacement. Sudden-onset disasters displaced more than 26 million people within their own "
        "countries in 2023, and slow-onset events such as desertification and sea-level rise are "
        "increasing pressure to move. Participants called for planned relocation policies and for the "
        "inclusion of human mobility in reporting on targets 13.1 and 11.5."
    ),
    Para(
        "Speakers from Fiji and Bangladesh described community-led relocation guidelines adopted in 2018 "
        "and 2021, and the Sahel experts stressed that pastoralist mobility is an adaptation strategy in its "
        "own right. The meeting noted that the Task Force on Displacement of the United Nations Framework "
        "Convention on Climate Change (UNFCCC) has issued recommendations that few national adaptation plans "
        "yet reflect."
    ),
    Heading("7. Migration data and follow-up"),
    Para(
        "The final session addressed migration data. National statistical offices described the difficulty "
        "of producing indicator 10.7.2, the number of countries with well-managed migration policies, and of "
        "disaggregating other indicators by migratory status, as called for by target 17.18. The Global "
        "Forum on Migration and Development (GFMD) offered to host a thematic workshop on data in 2025, and "
        "the GMG agreed to circulate a draft guidance note by 30 June 2024."
    ),
    Para(
        "Funding remains a constraint. The meeting was financed with a contribution of EUR 1.2 million from "
        "the European Union and USD 350,000 from the Migration Multi-Partner Trust Fund. Participants "
        "recommended that follow-up activities be reflected in the next review of the GCM in 2026 and at the "
        "high-level political forum when it reviews SDG 10."
    ),
    Heading("8. Recommendations"),
    Items(
        (
            "(a) Member States should integrate migration into national SDG plans and Voluntary National "
            "Reviews, with explicit reference to target 10.7 and indicator 10.7.2;",
            "(b) the GMG and its members should support national statistical offices in producing indicators "
            "10.7.1 and 10.c.1 at least every three years;",
            "(c) development partners should finance pilots that reduce remittance costs and expand the "
            "financial inclusion of migrant women;",
            "(d) the follow-up to this meeting should be reported to the International Migration Review "
            "Forum in 2026.",
        )
    ),
)

# The agenda annex: printed on its own pages after the report, full width, as aligned columns without rules.
EGM_ANNEX_TITLE = "Annex I. Programme of work"
EGM_AGENDA_HEADER = ("Time", "Session", "Moderator", "Speakers")
EGM_AGENDA: tuple[tuple[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]], ...] = (
    ("Monday, 12 February 2024", (
        ("09:00\u201309:30", "Opening of the meeting and adoption of the programme of work",
         "Elena Marchetti, Global Migration Group (GMG)",
         ("Thomas Keller, IOM (Switzerland)", "Grace Mwangi, UNDP (United States)")),
        ("09:30\u201311:00", "Session 1: Migration in the 2030 Agenda and the Global Compact for Migration",
         "Hiroshi Tanaka, UN DESA Population Division",
         ("Laura Bennett, UN DESA (United States)", "Rafael Ortega, Ministry of Foreign Affairs (Mexico)")),
        ("11:15\u201312:45", "Session 2: Labour migration and decent work",
         "Kwame Asante, ILO",
         ("Ion Rusu, Ministry of Labour and Social Protection (Republic of Moldova)",
          "Aigerim Tokonova, Ministry of Labour, Social Security and Migration (Kyrgyz Republic)",
          "Maricel Dizon, Department of Migrant Workers (Philippines)")),
        ("14:00\u201315:30", "Session 3: Remittances and financial inclusion",
         "Sandra Clarke, World Bank",
         ("Olena Kravets, KNOMAD (United States)",
          "Dilnoza Karimova, National Statistical Committee (Kyrgyz Republic)",
          "Adjoua Kouassi, Ministry of Economy and Finance (C\u00f4te d\u2019Ivoire)",
          "Jose Ramos, Bangko Sentral ng Pilipinas (Philippines)")),
        ("15:45\u201317:00", "Session 4: Trafficking in persons and smuggling of migrants",
         "Nadia Petrova, UNODC",
         ("Ana Ruiz, UNODC (Austria)", "Carlos M\u00e9ndez, National Institute of Migration (Mexico)")),
    )),
    ("Tuesday, 13 February 2024", (
        ("09:00\u201310:30", "Session 5: Diaspora, return and reintegration",
         "Thomas Keller, IOM",
         ("Ayse Demir, Ministry of Family, Labour and Social Services (T\u00fcrkiye)",
          "Marcia Brown, Planning Institute of Jamaica (Jamaica)",
          "Luis Herrera, Institute for Mexicans Abroad (Mexico)")),
        ("10:45\u201312:15", "Session 6: Climate change and human mobility",
         "Grace Mwangi, UNDP",
         ("Josaia Vunibola, Ministry of Economy (Fiji)",
          "Farida Rahman, Ministry of Environment, Forest and Climate Change (Bangladesh)",
          "Moussa Traor\u00e9, Ministry of Livestock (Mali)",
          "Kerstin Berg, UNFCCC Task Force on Displacement (Germany)")),
        ("13:30\u201315:00", "Session 7: Migration data and follow-up",
         "Laura Bennett, UN DESA Statistics Division",
         ("Mihai Popescu, National Bureau of Statistics (Republic of Moldova)",
          "Patricia G\u00f3mez, National Institute of Statistics and Geography (Mexico)",
          "Daniel Osei, IOM Global Migration Data Analysis Centre (Germany)")),
        ("15:15\u201316:30", "Session 8: Recommendations and the way forward",
         "Elena Marchetti, Global Migration Group (GMG)",
         ("Maria Santos, UNDP (United States)", "Kwame Asante, ILO (Switzerland)")),
        ("16:30\u201317:00", "Closing of the meeting",
         "Elena Marchetti, Global Migration Group (GMG)",
         ("Thomas Keller, IOM (Switzerland)", "Grace Mwangi, UNDP (United States)")),
    )),
)
EGM_AGENDA_WIDTHS = (0.12, 0.27, 0.23, 0.38)  # column shares of the full text width
EGM_SPEAKER_SEPARATOR = "; "  # the speakers of a row in the truth text (each starts a new line in the PDF)
