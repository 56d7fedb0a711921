"""Text of the generated layout suite: report-like prose on migration and the SDGs, written for nexus.

Paragraphs are long enough that they run on from one column into the next, so a reading order that
jumps between bands or columns breaks sentences. Footnote markers are written ``[^N]``.
"""
from __future__ import annotations

NEWSLETTER_TITLE = "Migration and Sustainable Development: Regional Newsletter, Second Quarter"
REMITTANCES_HEADING = "Remittances"
REMITTANCES = (
    "Remittances sent by migrant workers reached a record level last year and now exceed the combined "
    "value of official development assistance and foreign direct investment in most countries of the "
    "region. Households that receive them spend more on education and health, and in rural districts "
    "they often finance the first bank account of a family.[^1] The cost of sending money nevertheless "
    "remains far above the target of three per cent set by the 2030 Agenda.",
    "Average fees on the main corridors fell from 6.8 to 6.1 per cent of the amount sent, but transfers "
    "of small amounts through banks still cost more than ten per cent. Digital operators are cheaper, "
    "yet many migrants in irregular situations cannot open the accounts these services require, and "
    "women migrants are less likely than men to own a mobile wallet in their own name.",
    "National statistical offices agreed to report indicator 10.c.1 every year from household surveys "
    "and from the data of central banks. Three countries have already published a first series, and "
    "the regional working group will compare their methods before the next meeting of the commission.",
)
LABOUR_HEADING = "Labour mobility"
LABOUR = (
    "Bilateral labour agreements signed since 2019 cover seasonal work in agriculture, care work and "
    "construction. Their implementation depends on recruitment agencies that respect the principle "
    "that workers never pay recruitment fees, a principle that two ministries of labour have now "
    "written into their national regulations and that employers in destination countries have begun "
    "to verify during audits of their supply chains.",
    "Skills partnerships go further: training is paid for jointly by the country of origin and the "
    "country of destination, and the graduates who stay at home strengthen the local labour market. "
    "The pilot programme in the hospitality sector trained 640 young people, 45 per cent of them "
    "women, and two thirds of the graduates found work within six months of the end of the course.",
    "Return and reintegration remain the weakest part of the cycle. Few returning workers have their "
    "skills recognised, and only one country in the region offers a single window where they can "
    "register, find information on jobs and apply for support to start a business.",
)
CLIMATE_HEADING = "Climate change, disasters and human mobility in the Sahel and the Lake Chad Basin"
CLIMATE = (
    "Sudden-onset disasters displaced more than two million people in the region last year, most of "
    "them within their own country and for less than six months. Slow-onset events such as "
    "desertification and the salinisation of coastal land change mobility patterns more gradually, "
    "and pastoralists have adapted their seasonal routes to rainfall that is less regular than before.",
    "Governments have started to plan relocations with the communities concerned rather than for "
    "them. Local authorities in two provinces mapped the land available, consulted the families at "
    "risk and agreed on a timetable that keeps children in school during the move, a practice that "
    "the regional guidelines now describe as a model for others.",
)
NEWSLETTER_FOOTNOTES = {"1": "Household survey data for 2023, weighted to the national population."}

CHANGE_TITLE = "Country Profile: Migration Governance at a Glance"
CHANGE_TWO = (
    "The country adopted its first national migration policy in 2021 after two years of consultation "
    "with ministries, local authorities, employers, trade unions and associations of the diaspora. "
    "The policy sets out objectives for labour migration, the protection of migrants in vulnerable "
    "situations, the engagement of the diaspora and the collection of data, and it assigns each "
    "objective to a lead ministry with a budget line in the medium-term expenditure framework.",
    "A coordination committee chaired by the Prime Minister's office meets every quarter. Its "
    "technical secretariat publishes an annual report on the implementation of the policy, and the "
    "second report, released in March, found that nine of the fourteen planned actions are on "
    "track while the others are delayed by the late approval of the implementing decrees.",
)
CHANGE_THREE = (
    "Data on migration come from the census, the labour force survey and the administrative records "
    "of the border police. The statistical office has linked these sources for the first time, so "
    "that the number of emigrants can be estimated by sex, age and district of origin.",
    "The diaspora is estimated at 1.4 million people, one in five of whom live in the neighbouring "
    "country. A diaspora bond issued last year raised USD 45 million for housing and small "
    "infrastructure, and a matching grant scheme supports investments by returnees in agriculture.",
    "Migrants in the country are mostly seasonal workers from the region. A regularisation campaign "
    "gave residence permits to 12,300 people, and a hotline in four languages now answers questions "
    "on work permits, access to health care and the enrolment of children in school.",
)
CHANGE_CLOSING_HEADING = "Outlook"
CHANGE_CLOSING = (
    "The government intends to revise the policy in 2026 so that it covers displacement linked to "
    "climate change and the new regional free movement protocol. The revision will be informed by "
    "the voluntary national review of the 2030 Agenda, which reports on target 10.7 for the first time.",
)

SIDEBAR_TITLE = "Evaluation Brief: Community Stabilization in Border Areas"
SIDEBAR_HEADING = "Key findings and conclusions"
SIDEBAR_TEXT = (
    "The project was relevant to the needs of border communities and aligned with the national "
    "strategy for the development of border regions. Community committees chose the infrastructure "
    "to be rebuilt, and women made up 42 per cent of their members, well above the target of 30 per "
    "cent that had been set in the project document.",
    "Effectiveness was high for the rehabilitation of water points and markets, which were all "
    "completed on time, but lower for the dialogue activities between communities and security forces, "
    "which were suspended for five months because of the deteriorating security situation in the "
    "northern districts and resumed only after the project had been extended at no cost.",
    "Efficiency was satisfactory. The project spent 96 per cent of its budget, and the unit costs of "
    "the water points were below those of comparable projects in the region. Delays in procurement "
    "were the main obstacle and were caused by the lack of qualified contractors in remote areas.",
    "Sustainability is uneven. The water committees collect fees and repair the pumps themselves, "
    "while the dialogue platforms depend on the continued presence of the project staff and are "
    "unlikely to meet once the funding ends unless local authorities take over their organisation.",
)
SIDEBAR_BOX_TITLE = "Project information"
SIDEBAR_BOX_ITEMS = (
    "Geographical coverage: three border districts",
    "Project period: 1 March 2021 to 31 August 2023",
    "Budget: USD 2,450,000",
    "Donor: a bilateral development agency",
)

TABLE_TITLE = "Progress Report: Pathways for Labour Mobility"
TABLE_BEFORE = (
    "During the reporting period the programme supported three countries of origin in managing labour "
    "migration in ways that protect workers and support development at home. Pre-departure orientation "
    "reached 4,820 prospective migrants, 38 per cent of them women, and the share of participants who "
    "could name their rights under their employment contract rose from one third to two thirds.",
    "Delivery reached 74.3 per cent of the approved budget. The main delays were in the second output, "
    "where the agreement with the national bank was signed seven months late, and the steering "
    "committee approved a revised work plan that moves the remaining activities to the next year.",
)
TABLE_CAPTION = "Table 1. Budget and expenditure by output (USD)"
TABLE_ROWS = (
    ("Budget line", "Approved", "Spent", "Delivery (%)"),
    ("Output 1.1 Orientation", "210,000", "168,400", "80.2"),
    ("Output 1.2 Recruitment", "175,500", "131,250", "74.8"),
    ("Output 2.1 Remittances", "198,271", "139,800", "70.5"),
    ("Total", "583,771", "439,450", "75.3"),
)
TABLE_AFTER = (
    "The mid-term review recommended that the programme concentrate on fewer corridors and work more "
    "closely with employers in the countries of destination. Employers are best placed to verify that "
    "workers were not charged recruitment fees and to recognise the skills that workers acquired before "
    "they left, which in turn raises their wages and the remittances they send home.",
    "For the final year the partners agreed on three priorities: a complaints mechanism open to workers "
    "abroad, a module on financial literacy in the orientation courses, and a survey of returnees that "
    "will measure whether the programme changed their situation five years after their departure.",
)

LANDSCAPE_TITLE = "Voluntary National Review: Reduced Inequalities"
LANDSCAPE_FOUR = (
    "Income inequality has fallen slowly over the past decade, and the income of the poorest 40 per "
    "cent of households grew faster than the national average in six of the last ten years, which is "
    "the measure that target 10.1 asks countries to report.",
    "Progress was uneven across regions. Households in the northern provinces, where agriculture "
    "depends on rainfall, saw their incomes fall during the drought years, and many young people "
    "moved to the capital or abroad in search of work.",
    "Social protection now reaches one household in three. The child grant and the old age pension "
    "are the largest programmes, and a new registry lets local offices enrol families without asking "
    "for documents that many of them do not have.",
)
LANDSCAPE_HEADING = "Safe, orderly and regular migration"
LANDSCAPE_TWO = (
    "The review reports on target 10.7 through indicators 10.7.2 and 10.7.4. The country has policies "
    "in place for most of the domains that indicator 10.7.2 measures, but the coordination between "
    "ministries remains weak and the data on migrants in vulnerable situations are incomplete.",
    "The government will strengthen the collection of data on migration through the next census and "
    "will publish an annual migration profile, prepared with the support of the United Nations country "
    "team, that brings together the statistics of all the institutions concerned.",
)
