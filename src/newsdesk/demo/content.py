"""Demo newsroom content: fictional articles written for the demo, marked as demo content when loaded."""

# Front-page sections, in display order.
SECTIONS = [
    {
        "name": "World",
        "slug": "world",
        "description": "International news, diplomacy and global developments seen from Baku and the region.",
    },
    {
        "name": "Region",
        "slug": "region",
        "description": "News from the South Caucasus, Türkiye, the Caspian basin and Central Asia.",
    },
    {
        "name": "Politics",
        "slug": "politics",
        "description": "Parliament, government and public policy in Azerbaijan and its neighbours.",
    },
    {
        "name": "Defence",
        "slug": "defence",
        "description": "Armed forces, security cooperation, demining and the defence industry.",
    },
    {
        "name": "Economy",
        "slug": "economy",
        "description": "Markets, trade, prices, transport corridors and business across the region.",
    },
    {
        "name": "Energy",
        "slug": "energy",
        "description": "Oil, gas, electricity and renewables, from the Caspian Sea to European markets.",
    },
    {
        "name": "Culture",
        "slug": "culture",
        "description": "Heritage, music, literature, art and everyday life in the region.",
    },
    {
        "name": "Sport",
        "slug": "sport",
        "description": "Football, gymnastics and other sports, with a focus on regional teams and events.",
    },
]

# Fictional journalists; none of these people exist.
AUTHORS = [
    {
        "name": "Leyla Məmmədova",
        "slug": "leyla-memmedova",
        "bio": (
            "Leyla Məmmədova is a fictional senior correspondent in Baku who covers energy, reconstruction "
            "and city life. She joined the demo newsroom after a decade of reporting for regional radio."
        ),
    },
    {
        "name": "Emre Yıldırım",
        "slug": "emre-yildirim",
        "bio": (
            "Emre Yıldırım is a fictional Istanbul correspondent writing about Turkish diplomacy, trade and "
            "culture. He previously worked as a business reporter and translator."
        ),
    },
    {
        "name": "Şəbnəm Rüstəmli",
        "slug": "sebnem-rustemli",
        "bio": (
            "Şəbnəm Rüstəmli is a fictional political reporter who follows parliament, public finances and "
            "government services. She also writes occasionally about music and the arts."
        ),
    },
    {
        "name": "Murat Doğan",
        "slug": "murat-dogan",
        "bio": (
            "Murat Doğan is a fictional defence and sport correspondent based in Ankara. He has reported "
            "from military exercises, defence fairs and major football tournaments."
        ),
    },
    {
        "name": "Claire Whitfield",
        "slug": "claire-whitfield",
        "bio": (
            "Claire Whitfield is a fictional international editor who writes about European energy policy "
            "and global affairs. She has reported from Brussels, Geneva and the South Caucasus."
        ),
    },
    {
        "name": "Tural Qasımov",
        "slug": "tural-qasimov",
        "bio": (
            "Tural Qasımov is a fictional economics correspondent specialising in transport, logistics and "
            "the Caspian region. He grew up in Lankaran and studied economics in Baku."
        ),
    },
]

# Real news organisations, referenced as sources of the fictional articles below.
SOURCES = [
    {"name": "Daily Sabah", "slug": "daily-sabah", "homepage": "https://www.dailysabah.com/"},
    {"name": "Azernews", "slug": "azernews", "homepage": "https://www.azernews.az/"},
    {"name": "Trend", "slug": "trend", "homepage": "https://en.trend.az/"},
    {"name": "Anadolu Agency", "slug": "anadolu-agency", "homepage": "https://www.aa.com.tr/en"},
    {"name": "APA", "slug": "apa", "homepage": "https://apa.az/en"},
    {"name": "Report.az", "slug": "report-az", "homepage": "https://report.az/en/"},
    {"name": "Reuters", "slug": "reuters", "homepage": "https://www.reuters.com/"},
    {"name": "AFP", "slug": "afp", "homepage": "https://www.afp.com/en"},
]

# Fictional demo articles (2022-11-20 to 2022-12-12, Asia/Baku). Usage values for sources:
# reported_by, via, according_to, citing. Exactly one article is breaking: the newest.
ARTICLES = [
    # World
    {
        "headline": "Climate talks end in Sharm el-Sheikh with deal on a loss-and-damage fund",
        "standfirst": (
            "Negotiators agreed to set up a fund for countries hit hardest by climate disasters, but left "
            "the question of who pays for next year."
        ),
        "dateline": "SHARM EL-SHEIKH",
        "section": "world",
        "article_type": "news",
        "authors": ["claire-whitfield"],
        "sources": [["reuters", "reported_by"]],
        "topics": ["Climate", "Diplomacy"],
        "published": "2022-11-20T11:40:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Delegates crossing a conference hall lined with national flags at the close of climate talks."
        ),
        "body": [
            "United Nations climate talks in the Egyptian resort of Sharm el-Sheikh closed early on Sunday "
            "with an agreement to create a fund to help vulnerable countries cope with losses from floods, "
            "droughts and storms, Reuters reported. The final session ran well beyond its scheduled finish "
            "as delegations argued over wording late into the night.",
            "The final text leaves many details to a transitional committee, including which countries "
            "should contribute and how the money would be distributed. Several delegations said they were "
            "disappointed that the conference did not strengthen language on cutting emissions beyond "
            "earlier commitments.",
            "For energy producers around the Caspian Sea, the outcome keeps attention on methane leaks, gas "
            "flaring and the pace of investment in wind and solar power. Officials from the South Caucasus "
            "said they would present updated national plans ahead of next year's talks in the United Arab "
            "Emirates.",
        ],
    },
    {
        "headline": "EU energy ministers fail to agree gas price cap as storage sites stay near capacity",
        "standfirst": (
            "Ministers meeting in Brussels could not settle on a mechanism to limit gas prices, but "
            "officials said winter supplies looked more secure than feared."
        ),
        "dateline": "BRUSSELS",
        "section": "world",
        "article_type": "news",
        "authors": ["claire-whitfield"],
        "sources": [["afp", "according_to"]],
        "topics": ["Europe", "Energy security", "Natural gas"],
        "published": "2022-11-24T21:10:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "European Union energy ministers ended an extraordinary meeting in Brussels on Thursday without "
            "agreeing on a proposed ceiling for wholesale gas prices, according to AFP. Several member "
            "states said the draft mechanism was too restrictive to have any practical effect, while others "
            "warned that a looser cap could threaten security of supply.",
            "Officials noted that underground storage across the bloc remained close to full after a mild "
            "autumn and record imports of liquefied natural gas. Pipeline deliveries from Norway, North "
            "Africa and the Caspian region have also helped to replace lower flows from Russia. Analysts "
            "cautioned that a cold January could still drain reserves quickly.",
            "Ministers agreed to continue talks at a further meeting in December. Diplomats said the debate "
            "was likely to be linked to separate measures on joint gas purchasing and faster permits for "
            "renewable energy projects. The European Commission is expected to present revised proposals "
            "before then.",
        ],
    },
    {
        "headline": "Analysis: Grain corridor extension buys time for food importers, but not certainty",
        "standfirst": (
            "The four-month extension of the Black Sea export arrangement has steadied wheat prices. Traders "
            "say the bigger question is what happens in the spring."
        ),
        "dateline": "ISTANBUL",
        "section": "world",
        "article_type": "analysis",
        "authors": ["emre-yildirim"],
        "sources": [["anadolu-agency", "according_to"]],
        "topics": ["Türkiye", "Diplomacy", "Trade"],
        "published": "2022-11-22T14:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "A bulk carrier loaded with grain waiting at anchor near the entrance to the Bosphorus."
        ),
        "body": [
            "The decision to extend the Black Sea grain arrangement for another 120 days has brought relief "
            "to importers in the Middle East and Africa, where bread prices have been a source of strain "
            "all year. Ships continue to be inspected by joint teams in Istanbul before sailing, according "
            "to Anadolu Agency.",
            "Traders say the extension has taken some of the risk premium out of wheat futures, but has not "
            "removed it. Insurance costs for vessels sailing to and from Black Sea ports remain higher than "
            "before the war, and some shipowners still prefer to avoid the route altogether. Freight rates "
            "have eased since the summer.",
            "For Türkiye, which helped broker the arrangement together with the United Nations, the "
            "corridor has become a diplomatic asset. Officials in Ankara have repeatedly said they would "
            "like to see the scheme widened to cover other goods, including fertiliser. Turkish officers "
            "also serve on the joint inspection teams.",
            "The next test comes in March, when the current term expires. Analysts expect renewed "
            "bargaining over inspection procedures and the pace of sailings, and warn that any interruption "
            "would be felt quickly in importing countries with thin grain reserves. Much will depend on the "
            "wider diplomatic climate.",
        ],
    },
    {
        "headline": "Aid agencies appeal for winter funding as cold weather reaches displacement camps",
        "standfirst": (
            "Humanitarian groups in Geneva said gaps in winter budgets could leave families without heating, "
            "blankets and warm clothing."
        ),
        "dateline": "GENEVA",
        "section": "world",
        "article_type": "news",
        "authors": ["claire-whitfield"],
        "sources": [],
        "topics": ["Humanitarian aid", "Europe"],
        "published": "2022-12-08T16:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "International aid agencies appealed on Thursday for additional funding to help displaced "
            "families through the winter, warning that many programmes had received only a fraction of the "
            "money requested. Officials speaking at a briefing in Geneva said needs were rising fastest "
            "where conflict and high fuel prices overlap. Agencies said the elderly and young children were "
            "most at risk.",
            "The agencies said their priorities included insulated shelters, stoves, fuel vouchers and warm "
            "clothing for children. Several organisations have already cut rations or reduced cash "
            "assistance because of the widening gap between their budgets and rising prices. Some have also "
            "postponed repairs to shelters.",
            "Donors are expected to discuss the appeals at meetings later this month. Aid officials urged "
            "governments to release funds early, saying that supplies bought in December cost less and "
            "reach families faster than emergency deliveries during the coldest weeks. Agencies also called "
            "for more flexible funding that can be moved between crises.",
        ],
    },
    # Region
    {
        "headline": "Georgia and Azerbaijan agree steps to speed up rail freight at border crossing",
        "standfirst": (
            "Railway officials said joint customs checks and longer trains should cut waiting times for "
            "cargo moving along the Middle Corridor."
        ),
        "dateline": "TBILISI",
        "section": "region",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["trend", "reported_by"]],
        "topics": ["Georgia", "Middle Corridor", "Transport", "South Caucasus"],
        "published": "2022-11-23T13:05:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "A freight train with container wagons crossing a river bridge among green hills.",
        "body": [
            "Railway and customs officials from Georgia and Azerbaijan have agreed on measures to speed up "
            "freight traffic at their main border crossing, reports Trend. The plan includes joint "
            "inspection of cargo, shared electronic paperwork and new timetables for block trains carrying "
            "containers between the Caspian and Black Sea coasts.",
            "Freight volumes on the route have grown sharply this year as shippers look for alternatives to "
            "the northern corridor through Russia. Operators say congestion at stations and ports, rather "
            "than the capacity of the track itself, has become the main bottleneck. Ferry crossings on the "
            "Caspian add further delays.",
            "Officials said the new procedures would be tested on a limited number of trains before the end "
            "of the year. If the trial succeeds, both sides aim to make joint checks standard practice from "
            "the spring. Freight operators welcomed the plan but said they wanted to see results first.",
        ],
    },
    {
        "headline": "In Jabrayil, builders race the winter to finish homes for returning families",
        "standfirst": (
            "A new village rising on the plain below the district's hills is meant to show what "
            "reconstruction can look like. Former residents are watching closely."
        ),
        "dateline": "JABRAYIL",
        "section": "region",
        "article_type": "feature",
        "authors": ["leyla-memmedova"],
        "sources": [],
        "topics": ["Cəbrayıl", "Reconstruction", "Demining", "Karabakh"],
        "published": "2022-11-26T10:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Rows of newly built houses with red roofs on a wide plain, with mountains in the distance."
        ),
        "body": [
            "On a wide plain below the hills of Jabrayil, crews in orange jackets are fitting windows and "
            "laying paving stones along streets that did not exist two years ago. The new village, planned "
            "with its own school, clinic and solar panels on public buildings, is one of several "
            "settlements being built in the district.",
            "Project managers say the aim is to finish the shells of all the houses before the first heavy "
            "frosts, so that interior work can continue through the winter. Water and power lines have "
            "already been connected, and the road linking the village to the main highway is being widened.",
            "Among those following the work is a retired teacher who left the area as a young man and now "
            "lives on the outskirts of Baku. He says he has visited twice this year and hopes to move back "
            "with his grandchildren once the school opens. He says he would like to plant an orchard, as "
            "his father once did.",
            "Officials have not given a firm date for the first returns. They say the demining of "
            "surrounding fields, which must be finished before families can farm again, will determine how "
            "quickly the village comes to life. Until then, the new streets are busy only with builders.",
        ],
    },
    {
        "headline": "Caspian ports agree joint ferry schedule to ease queues for trucks and wagons",
        "standfirst": (
            "Port operators in Azerbaijan, Kazakhstan and Turkmenistan signed a memorandum on fixed sailing "
            "times and shared booking data."
        ),
        "dateline": "BAKU",
        "section": "region",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["apa", "reported_by"]],
        "topics": ["Caspian Sea", "Middle Corridor", "Central Asia"],
        "published": "2022-11-30T15:45:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Port operators from Azerbaijan, Kazakhstan and Turkmenistan have signed a memorandum to "
            "coordinate ferry departures across the Caspian Sea, APA reports. The agreement commits the "
            "parties to publishing fixed weekly schedules and sharing booking information for trucks and "
            "rail wagons. It was signed at the port complex in Alat, south of Baku.",
            "Freight forwarders have complained for months about unpredictable sailings that leave trucks "
            "waiting for days on both sides of the sea. Operators said fixed schedules would allow "
            "exporters to plan shipments and help railways assign wagons more efficiently. Some drivers say "
            "they have slept in their cabs for a week.",
            "The memorandum also covers cooperation on crew training and electronic documents. A working "
            "group is due to report on the first results in the spring, when traffic usually picks up again "
            "after the winter storms. Operators said they would also consider adding extra vessels.",
        ],
    },
    {
        "headline": "Senior officials prepare trilateral meeting of Türkiye, Azerbaijan and Turkmenistan",
        "standfirst": (
            "Talks in Ashgabat focused on transport links, energy and trade ahead of a planned leaders' "
            "summit."
        ),
        "dateline": "ASHGABAT",
        "section": "region",
        "article_type": "news",
        "authors": ["emre-yildirim", "tural-qasimov"],
        "sources": [["daily-sabah", "according_to"]],
        "topics": ["Türkiye", "Central Asia", "Diplomacy"],
        "published": "2022-12-09T12:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Senior diplomats from Türkiye, Azerbaijan and Turkmenistan met in Ashgabat this week to "
            "prepare a trilateral leaders' summit, according to Daily Sabah. The agenda covered road and "
            "rail connections across the Caspian Sea, electricity trade and customs cooperation. Energy "
            "ministry officials also attended.",
            "Officials said the three countries were working on a joint declaration and a set of sectoral "
            "agreements, including on transport and energy. Turkmenistan has shown growing interest in "
            "westward routes for its exports, which currently travel mainly to the east and north.",
            "Diplomats cautioned that many of the projects under discussion would take years to develop. "
            "They described the meeting as a step towards more regular contacts between the three capitals "
            "rather than a source of immediate deals. Further rounds of expert talks are planned for next "
            "year.",
        ],
    },
    {
        "headline": "Opinion: The South Caucasus will prosper through more connections, not fewer",
        "standfirst": (
            "Roads, railways and power lines do not solve political disputes. But they raise the cost of "
            "failure and the rewards of cooperation."
        ),
        "dateline": "LONDON",
        "section": "region",
        "article_type": "opinion",
        "authors": ["claire-whitfield"],
        "sources": [],
        "topics": ["South Caucasus", "Transport", "Diplomacy"],
        "published": "2022-12-02T08:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "For most of the past three decades, maps of the South Caucasus have been defined by closed "
            "borders and broken links. Railways ended at fences, and trade took long detours. That is "
            "slowly changing, and the change deserves more attention than it usually receives outside the "
            "region.",
            "New transport and energy routes will not settle disagreements over history or territory. What "
            "they can do is create shared interests: customs officers who work together, companies with "
            "customers on both sides of a border, and towns that depend on passing traffic rather than "
            "fearing it.",
            "Governments in the region and their partners abroad should treat connectivity as a long-term "
            "project rather than a bargaining chip. The benefits are slow to arrive, but the cost of "
            "keeping the region divided is paid every day by the people who live there.",
        ],
    },
    {
        "headline": "Gale-force winds halt Caspian ferry traffic and disrupt flights in Baku",
        "standfirst": (
            "Port authorities suspended sailings and several flights were delayed as strong northerly gusts "
            "swept across the Absheron peninsula."
        ),
        "dateline": "BAKU",
        "section": "region",
        "article_type": "news",
        "authors": ["leyla-memmedova", "tural-qasimov"],
        "sources": [["report-az", "according_to"]],
        "topics": ["Bakı", "Caspian Sea", "Transport"],
        "published": "2022-12-12T18:05:00+04:00",
        "priority": 3,
        "breaking": True,
        "image": True,
        "image_caption": (
            "Waves breaking over a seafront promenade under a grey winter sky, with bent trees along the "
            "path."
        ),
        "body": [
            "Strong northerly winds swept across the Absheron peninsula on Monday afternoon, forcing the "
            "port authorities to suspend ferry sailings across the Caspian Sea and causing delays to "
            "several flights, according to Report.az. Forecasters said the gusts were expected to continue "
            "into Tuesday morning.",
            "Emergency services said they had received calls about fallen trees, damaged billboards and "
            "loose roofing in several districts of the capital. No serious injuries had been reported by "
            "early evening. Residents were advised not to park near trees and to stay away from the "
            "seafront boulevard.",
            "Airport officials said passengers should check the status of their flights before travelling. "
            "Ferry operators said vessels waiting in port would sail once the wind eased, but warned that "
            "backlogs for trucks could take several days to clear. This story is being updated.",
        ],
    },
    # Politics
    {
        "headline": "Parliament approves 2023 state budget with higher spending on reconstruction",
        "standfirst": (
            "Lawmakers passed the budget in its final reading, with increased allocations for rebuilding, "
            "social payments and infrastructure."
        ),
        "dateline": "BAKU",
        "section": "politics",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [["report-az", "according_to"]],
        "topics": ["Azerbaijan", "Reconstruction", "Public finances", "Cəbrayıl"],
        "published": "2022-11-29T17:30:00+04:00",
        "priority": 2,
        "breaking": False,
        "image": True,
        "image_caption": (
            "The chamber of a national parliament during a vote, with deputies seated in curved rows."
        ),
        "body": [
            "Azerbaijan's parliament on Tuesday approved the state budget for 2023 in its third and final "
            "reading, according to Report.az. Deputies backed a spending plan that increases allocations "
            "for reconstruction in the districts returned to Azerbaijani control, including Shusha and "
            "Jabrayil, as well as for pensions, social benefits and road building.",
            "The government has based its revenue forecasts on a conservative oil price assumption, with "
            "transfers from the state oil fund covering part of the spending. Finance officials told "
            "deputies that the approach was designed to protect the budget if energy prices fall next year. "
            "The finance ministry is expected to publish a simplified citizens' guide to the budget early "
            "next year.",
            "Several deputies questioned the pace of spending growth at a time of high inflation and asked "
            "for more detailed reporting on large investment projects. The budget now goes to the president "
            "for signature. It is due to take effect on January 1.",
        ],
    },
    {
        "headline": "E-government portal adds online services for property and residence registration",
        "standfirst": (
            "Officials say more than a dozen procedures that once required visits to several offices can now "
            "be completed from a phone."
        ),
        "dateline": "BAKU",
        "section": "politics",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [["azernews", "reported_by"]],
        "topics": ["Azerbaijan", "Digital services"],
        "published": "2022-11-21T10:15:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "The state e-government portal has added new online services for registering property, changing "
            "residence details and requesting certain certificates, reports Azernews. Officials said the "
            "changes were part of a wider plan to reduce paperwork and the number of visits citizens need "
            "to make to public offices.",
            "Users can now submit documents electronically and track the progress of their applications, "
            "with notifications sent by text message. Some services still require a final visit to confirm "
            "identity, but officials said they hoped to move those steps online as digital signatures "
            "become more widespread.",
            "Civil society groups welcomed the changes but said rural residents with limited internet "
            "access should not be left behind. Service centres in regional towns will continue to offer "
            "help with online applications. Volunteers from local universities will also run training "
            "sessions for older residents during the winter.",
        ],
    },
    {
        "headline": "Türkiye and Azerbaijan sign agreement on civil service training and exchanges",
        "standfirst": (
            "The memorandum provides for joint courses, staff exchanges and cooperation on digital "
            "administration."
        ),
        "dateline": "ANKARA",
        "section": "politics",
        "article_type": "news",
        "authors": ["murat-dogan"],
        "sources": [["daily-sabah", "reported_by"], ["apa", "via"]],
        "topics": ["Türkiye", "Azerbaijan", "Digital services"],
        "published": "2022-12-01T14:50:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Türkiye and Azerbaijan have signed a memorandum on training for civil servants, Daily Sabah "
            "reports. The agreement, signed in Ankara by officials from the two countries' public "
            "administration bodies, covers joint courses, short-term staff exchanges and the sharing of "
            "experience in digital government.",
            "Officials said the first programmes would focus on project management, public procurement and "
            "municipal services. Participants will spend several weeks working alongside colleagues in the "
            "other country's ministries and agencies, according to details carried by APA. Short language "
            "courses will also be offered to participants.",
            "The two countries already cooperate closely in education, defence and energy. Officials "
            "described the new agreement as an effort to build long-term professional ties between younger "
            "administrators in both capitals. A joint committee will review the programme each year and "
            "propose new areas of cooperation.",
        ],
    },
    {
        "headline": "Analysis: Parliament's winter agenda, from pensions to digital identity",
        "standfirst": (
            "Before the new year, deputies must work through a crowded list of bills. Here is what to watch."
        ),
        "dateline": "BAKU",
        "section": "politics",
        "article_type": "analysis",
        "authors": ["sebnem-rustemli"],
        "sources": [],
        "topics": ["Azerbaijan", "Public finances", "Digital services"],
        "published": "2022-12-07T09:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "With the budget approved, Azerbaijan's parliament turns to a long list of bills before its "
            "winter recess. Several deal with everyday matters that rarely make headlines but affect "
            "millions of people, from how pensions are indexed to how citizens prove their identity online.",
            "Pension indexation is the most closely watched item. With prices rising faster than at any "
            "time in recent years, deputies from across the chamber have called for adjustments that "
            "reflect the cost of food and utilities rather than headline inflation alone. Any change is "
            "likely to take effect in the new year.",
            "A draft law on electronic identity would give digital signatures the same legal weight as "
            "paper documents for a wider range of services. Supporters say it would shorten queues; critics "
            "want stronger safeguards for personal data. The draft also sets rules on how long agencies may "
            "store such data.",
            "Deputies will also consider amendments on municipal finances that would give local councils "
            "more say over small infrastructure projects. Whether those powers come with real budgets will "
            "decide how much the change matters. Municipal leaders have long complained that their "
            "responsibilities exceed their resources.",
        ],
    },
    # Defence
    {
        "headline": "Demining teams extend clearance to farmland in Aghdam before winter sets in",
        "standfirst": (
            "The national mine action agency said thousands of hectares had been checked this year, but "
            "warned that the work will take many years."
        ),
        "dateline": "AGHDAM",
        "section": "defence",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["apa", "according_to"]],
        "topics": ["Demining", "Karabakh", "Reconstruction"],
        "published": "2022-11-22T11:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "A deminer in protective gear sweeping a field with a metal detector, marker poles in the "
            "foreground."
        ),
        "body": [
            "Demining teams have cleared further areas of farmland in the Aghdam district, according to "
            "APA, as the national mine action agency tries to release land for agriculture before the "
            "spring sowing season. Teams work with metal detectors, armoured machines and trained dogs, and "
            "each area is checked several times before it is handed over.",
            "The agency said in a statement that thousands of hectares had been surveyed and cleared since "
            "the start of the year, with support from international partners and donor governments. It "
            "repeated its warning that residents should not enter unmarked fields or touch unknown objects.",
            "Officials say landmines and unexploded ordnance remain the biggest obstacle to reconstruction "
            "and return. They estimate that full clearance will take many years and will depend on training "
            "more local specialists. Accidents involving civilians, including shepherds and scrap-metal "
            "collectors, have continued to occur this year.",
        ],
    },
    {
        "headline": "Azerbaijani and Georgian border guards train together in mountain rescue",
        "standfirst": (
            "Teams from both services practised finding and evacuating people lost in deep snow close to the "
            "shared frontier."
        ),
        "dateline": "BALAKAN",
        "section": "defence",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["report-az", "according_to"]],
        "topics": ["Georgia", "South Caucasus", "Military exercises"],
        "published": "2022-12-01T11:10:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Border guards in winter uniforms roped together on a snowy mountain path among pine trees."
        ),
        "body": [
            "Border guards from Azerbaijan and Georgia have completed a week of joint training in mountain "
            "search and rescue in the Balakən district, according to Report.az. The exercises took place in "
            "forested valleys close to the border between the two countries, where heavy snow and steep "
            "terrain make patrols difficult in winter.",
            "Teams practised locating people lost in snow, evacuating injured colleagues on stretchers and "
            "coordinating radio communications across the frontier. Instructors from both services said the "
            "aim was to agree common procedures so that patrols can help each other quickly when hikers, "
            "shepherds or officers get into trouble.",
            "Officials said the training was part of a cooperation plan between the two border services "
            "that also covers information sharing and coordinated patrols on some sections of the frontier. "
            "A further session is planned for the summer, focusing on flash floods and river crossings.",
        ],
    },
    {
        "headline": "Military academy in Baku hosts international course on peacekeeping logistics",
        "standfirst": (
            "Officers from several partner countries completed a six-week course on planning and supplying "
            "peacekeeping missions."
        ),
        "dateline": "BAKU",
        "section": "defence",
        "article_type": "news",
        "authors": ["leyla-memmedova"],
        "sources": [["trend", "reported_by"]],
        "topics": ["Bakı", "Military exercises"],
        "published": "2022-11-25T16:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "A six-week international course on logistics for peacekeeping missions has ended at a military "
            "academy in Baku, reports Trend. Officers from several partner countries took part in lectures, "
            "planning exercises and visits to supply depots. The course was taught in English and "
            "Azerbaijani.",
            "Instructors said the course was built around practical problems: moving fuel, food and medical "
            "supplies over long distances, coordinating with civilian agencies and working under "
            "international mandates. Participants were assessed on a final planning exercise modelled on a "
            "humanitarian mission.",
            "Azerbaijan has contributed personnel to international missions in the past and hosts several "
            "training programmes with partners each year. Officials said the course would become an annual "
            "event. The academy has already received requests from several countries to send officers next "
            "year.",
        ],
    },
    {
        "headline": "Analysis: Why smaller armies are rethinking their budgets around drones",
        "standfirst": (
            "Cheap unmanned aircraft have changed what militaries buy. They have also created new demand for "
            "air defence and electronic warfare."
        ),
        "dateline": "ISTANBUL",
        "section": "defence",
        "article_type": "analysis",
        "authors": ["murat-dogan"],
        "sources": [],
        "topics": ["Drones", "Türkiye", "Defence industry"],
        "published": "2022-11-28T09:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "A small fixed-wing drone displayed on a stand in a defence exhibition hall.",
        "body": [
            "Across the wider region, defence planners are drawing the same lesson from recent conflicts: "
            "unmanned aircraft are no longer a luxury. Medium-sized armies that once spent most of their "
            "procurement budgets on tanks and artillery are now setting aside money for drones, sensors and "
            "the systems needed to stop them.",
            "Türkiye's defence industry has been one of the main beneficiaries, with export orders for "
            "drones and related equipment rising in recent years. Manufacturers are expanding production "
            "lines and investing in engines and electronics that were previously imported. Competition from "
            "other producers is also growing.",
            "The shift brings its own costs. Operators need trained crews, secure communications and "
            "maintenance networks, and the cheapest drones are vulnerable to jamming. Analysts say "
            "countries that buy aircraft without investing in these supporting capabilities risk "
            "disappointment, noting that training a single crew can take many months.",
            "The result is a more complicated market, in which buyers shop for packages rather than "
            "individual platforms. For smaller militaries, the hardest choice may be deciding what to stop "
            "buying. Some planners argue that the money might be better spent on ammunition, spare parts "
            "and air defence.",
        ],
    },
    # Economy
    {
        "headline": "Central bank signals further tightening as inflation stays in double digits",
        "standfirst": (
            "Policymakers said food and imported goods continued to push inflation well above the bank's "
            "target range."
        ),
        "dateline": "BAKU",
        "section": "economy",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [["trend", "reported_by"]],
        "topics": ["Inflation", "Azerbaijan", "Public finances"],
        "published": "2022-11-24T12:40:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Azerbaijan's central bank said on Thursday it was ready to tighten monetary policy further if "
            "inflation did not slow, reports Trend. Annual consumer price growth has remained in double "
            "digits for several months, driven mainly by food and imported goods.",
            "In a statement, the bank said inflation expectations among households and businesses remained "
            "high and that external price pressures had not yet eased. Its target range is 4 percent, plus "
            "or minus two percentage points. The bank said it would publish its next inflation report early "
            "in the new year.",
            "The manat has remained stable against the US dollar, supported by strong oil and gas export "
            "revenues. Economists said the bank was likely to rely on interest rates and liquidity "
            "operations rather than the exchange rate to bring inflation down.",
        ],
    },
    {
        "headline": "Non-oil exports grow in first ten months as farm and chemical shipments rise",
        "standfirst": (
            "Customs figures show stronger sales of fruit, vegetables and petrochemicals, with neighbouring "
            "countries the main buyers."
        ),
        "dateline": "BAKU",
        "section": "economy",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["azernews", "reported_by"]],
        "topics": ["Azerbaijan", "Trade", "Agriculture"],
        "published": "2022-11-21T14:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "Crates of persimmons and pomegranates stacked for export in a packing warehouse.",
        "body": [
            "Azerbaijan's non-oil exports grew in the first ten months of the year, according to customs "
            "data, reports Azernews. Shipments of fresh fruit and vegetables, cotton yarn, petrochemicals "
            "and aluminium all increased compared with the same period last year. Gold exports also rose.",
            "Russia, Türkiye and Georgia remained the largest buyers of non-oil goods, while exports to "
            "Central Asian markets also grew. Officials said new trade agreements and simpler customs "
            "procedures had helped smaller producers reach foreign buyers. Exporters said demand from the "
            "Gulf states was also picking up.",
            "Economists noted that the non-oil sector still accounts for a small share of total exports, "
            "which are dominated by crude oil and natural gas. Diversifying exports remains a stated "
            "priority of the government's economic strategy. Analysts say tourism, logistics and "
            "agriculture offer the best prospects for growth.",
        ],
    },
    {
        "headline": "Turkish exporters look east as demand in the Caucasus and Central Asia grows",
        "standfirst": (
            "Manufacturers of textiles, furniture and machinery say shorter delivery times give them an edge "
            "over distant competitors."
        ),
        "dateline": "ISTANBUL",
        "section": "economy",
        "article_type": "news",
        "authors": ["emre-yildirim"],
        "sources": [["daily-sabah", "according_to"]],
        "topics": ["Türkiye", "Trade", "Central Asia"],
        "published": "2022-11-27T11:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Turkish exporters are increasing sales to the South Caucasus and Central Asia as companies "
            "look for markets closer to home, according to Daily Sabah. Makers of textiles, furniture, "
            "construction materials and machinery reported strong orders this year from customers in "
            "Azerbaijan, Georgia, Kazakhstan and Uzbekistan.",
            "Exporters say shorter delivery times and a familiar business culture give them an advantage "
            "over suppliers from further afield. A weaker lira has also made Turkish goods cheaper for "
            "foreign buyers, although companies say rising input costs are eating into their margins.",
            "Business associations in Istanbul are organising trade missions to the region for next year. "
            "They are also lobbying for faster border procedures, which truck drivers say remain the main "
            "obstacle to overland trade. Some firms are also considering opening warehouses in Baku and "
            "Tbilisi.",
        ],
    },
    {
        "headline": "At Baku's bazaars, shoppers count every manat as winter prices bite",
        "standfirst": (
            "Traders say customers are buying smaller quantities and shopping around, while farmers struggle "
            "with higher costs for fuel and fertiliser."
        ),
        "dateline": "BAKU",
        "section": "economy",
        "article_type": "feature",
        "authors": ["leyla-memmedova"],
        "sources": [],
        "topics": ["Bakı", "Inflation", "Agriculture"],
        "published": "2022-12-03T10:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "A busy covered market with stalls of pickles, dried fruit and winter vegetables under warm "
            "lights."
        ),
        "body": [
            "At the Yaşıl Bazar in central Baku, the stalls are full of winter produce: persimmons, "
            "pomegranates, jars of pickled garlic and sacks of chestnuts. What has changed this year, "
            "traders say, is how much their customers are willing to buy.",
            "A vegetable seller who has worked at the market for two decades says regular customers who "
            "once bought by the kilo now ask for three or four pieces. Many compare prices at several "
            "stalls before deciding, and haggling, always part of the ritual, has become more determined. A "
            "pomegranate grower from Göyçay says he will plant less next year unless prices improve.",
            "Farmers supplying the market say their own costs have risen sharply, from diesel for tractors "
            "to fertiliser and packaging. Some have reduced the area they plant, while others now sell "
            "directly to restaurants to avoid middlemen. On a cold Saturday morning, queues formed at "
            "stalls selling meat and cheese.",
            "Despite the pressure, the market remains crowded, particularly at weekends. For many families, "
            "the bazaar is still the cheapest place to buy fresh food and, traders add, the best place to "
            "hear the news. As one spice seller puts it, people may buy less, but they still come to talk.",
        ],
    },
    {
        "headline": "Analysis: The Middle Corridor's boom year exposes its bottlenecks",
        "standfirst": (
            "Cargo volumes on the trans-Caspian route have surged. Ports, ferries and paperwork have "
            "struggled to keep up."
        ),
        "dateline": "BAKU",
        "section": "economy",
        "article_type": "analysis",
        "authors": ["claire-whitfield", "tural-qasimov"],
        "sources": [["reuters", "citing"]],
        "topics": ["Middle Corridor", "Caspian Sea", "Transport", "Trade"],
        "published": "2022-12-08T09:45:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "Stacked shipping containers and a gantry crane at a Caspian Sea port at dusk.",
        "body": [
            "For years, the trans-Caspian route linking China and Central Asia with Europe via Azerbaijan "
            "and Georgia was a promising idea with little traffic. In 2022 that changed quickly, as "
            "shippers sought alternatives to routes through Russia and the cost of sea freight remained "
            "high.",
            "The surge has exposed weaknesses. Ferry capacity on the Caspian is limited, ports on both "
            "shores need more storage space, and freight forwarders must deal with several customs regimes "
            "along the way. Logistics companies have reported waiting times of several weeks for some "
            "cargo, according to Reuters. Officials in several countries acknowledge the problem.",
            "Governments along the route have responded with a flurry of agreements on tariffs, timetables "
            "and digital documents. Investments in new vessels and port capacity are under way, but they "
            "will take years rather than months to complete. Some freight forwarders say the paperwork "
            "could be fixed far more quickly.",
            "The key question is whether demand will last. If the northern route becomes attractive again, "
            "some cargo may return to it. Supporters of the Middle Corridor argue that a faster, more "
            "reliable service could keep customers even then. Shippers, for now, are hedging their bets.",
        ],
    },
    {
        "headline": "Alat free economic zone signs agreements with logistics and manufacturing tenants",
        "standfirst": (
            "The zone next to the Port of Baku offers tax breaks and simplified customs to attract "
            "export-oriented companies."
        ),
        "dateline": "ALAT",
        "section": "economy",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["report-az", "reported_by"]],
        "topics": ["Middle Corridor", "Trade", "Azerbaijan"],
        "published": "2022-12-10T11:15:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "The Alat free economic zone south of Baku has signed agreements with several companies "
            "planning warehouses and light manufacturing plants, reports Report.az. The zone, located next "
            "to the Port of Baku, offers tax exemptions, simplified customs procedures and a separate legal "
            "framework for investors.",
            "Officials said the new tenants include logistics companies serving the trans-Caspian route as "
            "well as producers of building materials and packaging. Construction of shared infrastructure, "
            "including roads, power lines and water supply, is continuing in parallel. Officials said some "
            "of the new tenants could begin operations next year.",
            "The authorities hope the zone will attract foreign investors looking to serve markets in the "
            "Caucasus, Central Asia and the Middle East. Analysts say its success will depend on stable "
            "rules and on the growth of cargo traffic through the neighbouring port.",
        ],
    },
    # Energy
    {
        "headline": "Gas exports to Europe on course for annual record as new buyers sign up",
        "standfirst": (
            "Deliveries through the Southern Gas Corridor are set to exceed 11 billion cubic metres this "
            "year, officials say, with talks under way to expand capacity."
        ),
        "dateline": "BAKU",
        "section": "energy",
        "article_type": "news",
        "authors": ["leyla-memmedova"],
        "sources": [["trend", "reported_by"], ["reuters", "citing"]],
        "topics": ["Energy security", "Natural gas", "Europe", "Azerbaijan"],
        "published": "2022-11-28T12:30:00+04:00",
        "priority": 2,
        "breaking": False,
        "image": True,
        "image_caption": "A gas pipeline running across open countryside towards distant hills at sunrise.",
        "body": [
            "Azerbaijan's gas exports to Europe are on course to exceed 11 billion cubic metres this year, "
            "the highest level since deliveries through the Southern Gas Corridor began, reports Trend. "
            "Officials said additional volumes had gone to Italy, Greece and Bulgaria, and that several new "
            "buyers in south-eastern Europe had signed supply contracts.",
            "The European Union signed a memorandum with Baku in July that aims to double imports of "
            "Azerbaijani gas to at least 20 billion cubic metres a year by 2027. Reaching that level will "
            "require expanding the Trans Adriatic Pipeline and developing new upstream fields, industry "
            "executives told Reuters. Analysts say infrastructure investors will want clear demand signals "
            "before committing capital.",
            "Energy officials said talks with shareholders of the pipeline system on a first phase of "
            "expansion were progressing, with decisions expected next year. Any increase will depend on "
            "long-term purchase commitments from European buyers. Several companies are already in talks "
            "over new volumes.",
        ],
    },
    {
        "headline": "Offshore wind roadmap identifies first sites in the Caspian Sea",
        "standfirst": (
            "A study prepared with international partners says shallow waters near the Absheron peninsula "
            "could host several gigawatts of turbines."
        ),
        "dateline": "BAKU",
        "section": "energy",
        "article_type": "news",
        "authors": ["claire-whitfield"],
        "sources": [["azernews", "reported_by"]],
        "topics": ["Renewables", "Caspian Sea", "Climate"],
        "published": "2022-11-23T17:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Offshore wind turbines standing in calm grey-green water with a supply vessel nearby."
        ),
        "body": [
            "A roadmap for offshore wind development in Azerbaijan has identified the first areas of the "
            "Caspian Sea that could host turbines, reports Azernews. The study points to shallow waters and "
            "strong, steady winds near the Absheron peninsula as particularly promising.",
            "The report sets out the steps the government would need to take, including a legal framework "
            "for leasing sea areas, grid connections and port facilities for assembling turbines. It also "
            "suggests that existing offshore oil and gas expertise could give local contractors a head "
            "start. Financing would probably involve international development banks.",
            "Officials said offshore wind could eventually supply both the domestic market and exports of "
            "electricity or green hydrogen to Europe. Developers say the first projects are unlikely to be "
            "built before the end of the decade. Officials said early work on the regulatory framework "
            "would begin next year.",
        ],
    },
    {
        "headline": "Large solar plant near Baku moves into final construction phase",
        "standfirst": (
            "Engineers say the 230-megawatt plant will be one of the largest in the region when it starts "
            "supplying the grid next year."
        ),
        "dateline": "BAKU",
        "section": "energy",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["apa", "reported_by"]],
        "topics": ["Renewables", "Bakı", "Climate"],
        "published": "2022-12-02T13:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "Long rows of solar panels on dry, flat land, with workers installing metal frames.",
        "body": [
            "Construction of a 230-megawatt solar power plant in the Garadagh district of Baku has entered "
            "its final phase, APA reports. More than half a million panels are being installed on a site "
            "south-west of the city, and work on a substation connecting the plant to the national grid is "
            "under way. Construction began earlier this year.",
            "The project is being developed by a Gulf-based renewable energy company under a long-term "
            "power purchase agreement. Officials say it will generate enough electricity for around 110,000 "
            "homes and free up volumes of gas that can be exported instead. Local contractors are carrying "
            "out much of the work.",
            "The government aims to raise the share of renewables in electricity generation to 30 percent "
            "by 2030. Officials said further wind and solar projects were in preparation, including plants "
            "in the southern and western regions of the country. Officials also hope to attract private "
            "investors to smaller rooftop projects.",
        ],
    },
    {
        "headline": "Four countries finalise text of Black Sea power cable agreement",
        "standfirst": (
            "Officials from Azerbaijan, Georgia, Romania and Hungary said the project would carry renewable "
            "electricity from the Caspian to the European Union."
        ),
        "dateline": "BUCHAREST",
        "section": "energy",
        "article_type": "news",
        "authors": ["claire-whitfield"],
        "sources": [["trend", "according_to"]],
        "topics": ["Energy security", "Renewables", "South Caucasus", "Europe"],
        "published": "2022-12-10T15:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Officials from Azerbaijan, Georgia, Romania and Hungary have finalised the text of an "
            "agreement on a proposed undersea electricity cable across the Black Sea, according to Trend. "
            "The document is expected to be signed by the leaders of the four countries at a meeting in "
            "Bucharest later this month.",
            "The project would link power grids in the South Caucasus with the European Union, allowing "
            "electricity from future wind and solar plants in Azerbaijan to be exported westward. The cable "
            "would run for more than 1,000 kilometres, making it one of the longest of its kind.",
            "A feasibility study is to be carried out before any investment decision. Officials said the "
            "European Union had expressed interest in supporting the project, which fits into the bloc's "
            "efforts to diversify its energy supplies. The four countries are expected to form a joint "
            "venture to manage the work.",
        ],
    },
    {
        "headline": "Opinion: Europe's energy winter is a test of partnership, not just pipelines",
        "standfirst": (
            "Suppliers and buyers alike need long-term commitments if new gas and power links are to be "
            "built in time."
        ),
        "dateline": "ISTANBUL",
        "section": "energy",
        "article_type": "opinion",
        "authors": ["murat-dogan"],
        "sources": [],
        "topics": ["Energy security", "Europe", "Natural gas"],
        "published": "2022-12-06T08:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Europe has so far come through the autumn better than many feared. Storage sites are nearly "
            "full, prices have fallen from their summer peaks, and new supplies have arrived from "
            "unexpected places. But a mild start to winter should not be mistaken for a solution.",
            "The projects that could ease Europe's longer-term position, from expanded pipelines in the "
            "south-east to new electricity links, require investors to commit billions. They will do so "
            "only if buyers sign contracts that extend well beyond the next crisis, and if governments are "
            "clear about how much gas they expect to use.",
            "Producers in the Caspian region and transit countries such as Türkiye and Georgia have shown "
            "they can move quickly. The question is whether Europe can match that speed with decisions of "
            "its own. Partnership, in energy as elsewhere, works best when both sides share the risk.",
        ],
    },
    {
        "headline": "Work on Türkiye's Black Sea gas field enters final stage before first deliveries",
        "standfirst": (
            "Officials say first gas from the Sakarya field remains on schedule for next year, with a "
            "processing plant on the coast near Filyos nearing completion."
        ),
        "dateline": "ZONGULDAK",
        "section": "energy",
        "article_type": "news",
        "authors": ["murat-dogan"],
        "sources": [["anadolu-agency", "reported_by"]],
        "topics": ["Türkiye", "Natural gas", "Energy security"],
        "published": "2022-11-30T10:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Work on Türkiye's Sakarya gas field in the Black Sea has entered its final stage before first "
            "deliveries, reports Anadolu Agency. Engineers are completing the onshore processing plant near "
            "Filyos in Zonguldak province, where gas from subsea wells will be treated before entering the "
            "national grid.",
            "Officials said the first phase of production would cover a meaningful share of household gas "
            "demand and reduce the country's import bill. A second phase, planned for later in the decade, "
            "would raise output further with additional wells and a floating production platform.",
            "Türkiye imports almost all of the gas it consumes, by pipeline from several neighbouring "
            "suppliers and as liquefied natural gas. Officials have said domestic production will "
            "strengthen the country's position as a regional energy hub. The discovery of the field was "
            "announced in 2020.",
        ],
    },
    # Culture
    {
        "headline": "UNESCO adds Azerbaijani and Turkish tea culture to intangible heritage list",
        "standfirst": (
            "The joint nomination recognises tea as a symbol of identity, hospitality and social life in "
            "both countries."
        ),
        "dateline": "RABAT",
        "section": "culture",
        "article_type": "news",
        "authors": ["leyla-memmedova", "emre-yildirim"],
        "sources": [["azernews", "reported_by"], ["anadolu-agency", "according_to"]],
        "topics": ["Heritage", "Azerbaijan", "Türkiye"],
        "published": "2022-11-30T19:15:00+04:00",
        "priority": 1,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Pear-shaped glasses of tea on a tray with sugar cubes, lemon and jam in a traditional teahouse."
        ),
        "body": [
            "UNESCO has added the tea culture of Azerbaijan and Türkiye to its list of the intangible "
            "cultural heritage of humanity, reports Azernews. The decision was taken at a meeting of the "
            "organisation's intergovernmental committee in the Moroccan capital, Rabat, following a joint "
            "nomination by the two countries.",
            "The nomination describes tea, or çay, as a symbol of identity, hospitality and social "
            "interaction. It highlights the role of the teahouse as a meeting place, the customs of serving "
            "tea to guests and the pear-shaped glasses used in both countries, according to Anadolu Agency.",
            "Cultural officials said the listing would support efforts to document traditional practices "
            "and pass them on to younger generations. Both countries already have several elements on "
            "UNESCO's intangible heritage lists, including crafts, music and festivals. The committee also "
            "added elements from several other countries at the same meeting.",
        ],
    },
    {
        "headline": "Shusha named cultural capital of the Turkic world for 2023",
        "standfirst": (
            "A regional cultural organisation said the city would host concerts, exhibitions and festivals "
            "throughout the year."
        ),
        "dateline": "SHUSHA",
        "section": "culture",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [["apa", "reported_by"]],
        "topics": ["Şuşa", "Heritage", "Music"],
        "published": "2022-11-25T13:40:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "Stone houses and a restored minaret on a hilltop town above a misty gorge.",
        "body": [
            "Shusha has been named the cultural capital of the Turkic world for 2023, APA reports. The "
            "decision was announced at a meeting of TURKSOY, the international organisation of Turkic "
            "culture, which chooses a city each year to host a programme of cultural events.",
            "Organisers said the programme would include music festivals, art exhibitions, literary "
            "evenings and academic conferences, with participants expected from Türkiye, Central Asia and "
            "other member states. Several restored historic buildings in the town are due to serve as "
            "venues. A detailed calendar will be published early in the new year.",
            "Shusha, known for its musical traditions and as a centre of Azerbaijani poetry, has been the "
            "focus of a large restoration programme over the past two years. Officials said the cultural "
            "year would help attract visitors as hotels and transport links are completed.",
        ],
    },
    {
        "headline": "The weavers keeping old carpet patterns alive in Baku's workshops",
        "standfirst": (
            "A new generation of weavers is learning designs that once belonged to individual villages, one "
            "knot at a time."
        ),
        "dateline": "BAKU",
        "section": "culture",
        "article_type": "feature",
        "authors": ["leyla-memmedova"],
        "sources": [],
        "topics": ["Heritage", "Bakı", "Şuşa", "Karabakh"],
        "published": "2022-11-20T12:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "The hands of a weaver tying knots on a large loom strung with red and blue wool.",
        "body": [
            "In a bright room near the seafront in Baku, a dozen women sit at upright looms, their fingers "
            "moving so fast that the knots are almost impossible to follow. Each carpet here takes months "
            "to complete, and some of the designs have been copied from pieces more than a century old.",
            "The workshop trains young weavers in the regional styles that give Azerbaijani carpets their "
            "names, from the bold geometric medallions of Qazax to the dense floral patterns associated "
            "with Karabakh and its old carpet centre, Shusha. Trainees begin with small rugs and move on to "
            "larger pieces only once they have mastered tension and colour.",
            "The head of the workshop says demand comes from collectors, hotels and a growing number of "
            "young couples who want a handmade carpet for their first home. Natural dyes made from madder "
            "root, walnut husks and pomegranate peel are used wherever possible.",
            "Azerbaijani carpet weaving was inscribed on UNESCO's intangible heritage list in 2010. For the "
            "weavers, however, the work is less about recognition than about continuity. Every finished "
            "carpet, one trainee says, carries the names of the women who taught her.",
        ],
    },
    {
        "headline": "Winter jazz series brings weekend concerts to Baku's Old City",
        "standfirst": (
            "Local and visiting musicians will play in small venues inside İçərişəhər until the end of "
            "February."
        ),
        "dateline": "BAKU",
        "section": "culture",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [],
        "topics": ["Bakı", "Music", "İçərişəhər"],
        "published": "2022-12-04T11:30:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "A series of winter jazz concerts opened at the weekend in the Old City of Baku, with "
            "performances planned every Friday and Saturday until the end of February. Organisers said the "
            "programme would feature local ensembles alongside musicians from Türkiye, Georgia and several "
            "European countries.",
            "Many of the concerts take place in small venues inside İçərişəhər, including the courtyards of "
            "restored caravanserais that have been covered for the winter. Ticket prices have been kept "
            "low, and some afternoon performances are free for students. Audiences are provided with "
            "heaters and blankets.",
            "Baku has a long jazz tradition, including the distinctive fusion of jazz and mugham developed "
            "by Azerbaijani musicians in the second half of the last century. Organisers said several "
            "evenings would be devoted to that legacy. A closing concert is planned for late February.",
        ],
    },
    {
        "headline": "Istanbul book fair spotlights translated fiction from the Caucasus and Central Asia",
        "standfirst": (
            "Publishers said interest in contemporary Azerbaijani, Georgian and Kazakh writers was growing "
            "among Turkish readers."
        ),
        "dateline": "ISTANBUL",
        "section": "culture",
        "article_type": "news",
        "authors": ["emre-yildirim"],
        "sources": [["daily-sabah", "reported_by"]],
        "topics": ["Istanbul", "Literature", "Türkiye"],
        "published": "2022-12-09T17:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": "Visitors browsing stacks of books at a crowded stand in a large exhibition hall.",
        "body": [
            "Translated fiction from the Caucasus and Central Asia drew crowds at this year's Istanbul book "
            "fair, Daily Sabah reports. Several Turkish publishers presented new translations of "
            "contemporary novels and short stories and held readings with visiting authors. Several events "
            "were held in both Turkish and Azerbaijani.",
            "Publishers said the close relationship between Turkish and Azerbaijani makes translation "
            "relatively quick, but that works written in Georgian, Kazakh or Uzbek require specialist "
            "translators who remain in short supply. Some publishing houses have started mentoring "
            "programmes to train new translators.",
            "The fair, one of the largest in the region, runs for nine days and attracts large crowds from "
            "across the country. Organisers said children's books and graphic novels were among the "
            "fastest-growing categories this year. Publishers also reported strong sales of poetry "
            "anthologies.",
        ],
    },
    # Sport
    {
        "headline": "World Cup opens in Qatar as Ecuador beat the hosts in first match",
        "standfirst": (
            "The first World Cup held in the Middle East began with a 2-0 win for Ecuador, as fans from "
            "across the region arrived in Doha."
        ),
        "dateline": "DOHA",
        "section": "sport",
        "article_type": "news",
        "authors": ["murat-dogan"],
        "sources": [["afp", "reported_by"]],
        "topics": ["Football", "World Cup 2022"],
        "published": "2022-11-20T23:10:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Fans in colourful shirts and scarves walking towards a brightly lit football stadium at night."
        ),
        "body": [
            "The World Cup opened in Qatar on Sunday with Ecuador beating the hosts 2-0 at the Al Bayt "
            "Stadium, AFP reports. The tournament is the first to be held in the Middle East and the first "
            "to take place in November and December, with European leagues pausing their seasons to release "
            "players.",
            "Qatar struggled to create chances against a well-organised Ecuador side, who scored twice in "
            "the first half. The result made Qatar the first host nation to lose the opening match of a "
            "World Cup. Ecuador's fans celebrated long after the final whistle.",
            "Thousands of fans from Türkiye, Azerbaijan and Central Asia have travelled to Doha, many on "
            "flights routed through Istanbul and Baku. Although none of the region's national teams "
            "qualified, travel agents reported strong demand for match packages. Airlines added extra "
            "flights to cope with the demand.",
        ],
    },
    {
        "headline": "Morocco become first African side to reach World Cup semi-finals",
        "standfirst": (
            "A first-half header was enough to beat Portugal in Doha and send Morocco into the last four."
        ),
        "dateline": "DOHA",
        "section": "sport",
        "article_type": "news",
        "authors": ["murat-dogan"],
        "sources": [["reuters", "reported_by"]],
        "topics": ["Football", "World Cup 2022"],
        "published": "2022-12-10T21:15:00+04:00",
        "priority": 1,
        "breaking": False,
        "image": True,
        "image_caption": (
            "Players in red shirts celebrating on a football pitch as fans wave flags in the stands."
        ),
        "body": [
            "Morocco became the first African team to reach the semi-finals of a World Cup on Saturday, "
            "beating Portugal 1-0 at the Al Thumama Stadium in Doha, Reuters reports. The winning goal came "
            "shortly before half-time, when a cross from the left was headed into the net.",
            "Portugal pressed for an equaliser throughout the second half but could not break down a "
            "disciplined Moroccan defence. Morocco, who had already beaten Belgium in the group stage and "
            "knocked out Spain in the last 16, have conceded only one goal in the tournament so far.",
            "Celebrations broke out in Moroccan cities and among supporters across Europe and the Middle "
            "East. Morocco will play the winners of the quarter-final between England and France for a "
            "place in the final. Thousands of fans gathered in city squares to watch the match on big "
            "screens.",
        ],
    },
    {
        "headline": "Qarabağ set winter training plans ahead of European play-off against Gent",
        "standfirst": (
            "The Azerbaijani champions will spend three weeks on the Turkish coast in January before their "
            "knockout tie in February."
        ),
        "dateline": "BAKU",
        "section": "sport",
        "article_type": "news",
        "authors": ["tural-qasimov"],
        "sources": [["report-az", "reported_by"]],
        "topics": ["Football", "Qarabağ FK", "Türkiye"],
        "published": "2022-12-11T12:00:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "Qarabağ will hold a three-week training camp in Antalya in January as they prepare for their "
            "two-legged European play-off against the Belgian side Gent, reports Report.az. The Azerbaijani "
            "champions play their final domestic league match before the winter break later this month.",
            "Coaches said the camp would focus on fitness and tactical work, with friendly matches planned "
            "against clubs from Eastern Europe and Central Asia that also train on the Turkish coast in "
            "winter. Several young players from the academy will travel with the first team.",
            "The club are also chasing another domestic league title, and officials said squad rotation "
            "would be a priority in the spring as fixtures pile up. Supporters have already begun asking "
            "about ticket sales for the home leg. Season-ticket holders will be given priority.",
        ],
    },
    {
        "headline": "Baku confirms dates for 2023 gymnastics World Cup event",
        "standfirst": (
            "The National Gymnastics Arena will host apparatus competitions in March, with athletes expected "
            "from more than 30 countries."
        ),
        "dateline": "BAKU",
        "section": "sport",
        "article_type": "news",
        "authors": ["sebnem-rustemli"],
        "sources": [["azernews", "reported_by"]],
        "topics": ["Bakı", "Gymnastics"],
        "published": "2022-12-07T15:20:00+04:00",
        "priority": 0,
        "breaking": False,
        "image": False,
        "image_caption": "",
        "body": [
            "The National Gymnastics Arena in Baku will host an artistic gymnastics World Cup event in "
            "March, reports Azernews. Organisers said they expected competitors from more than 30 "
            "countries, with the event forming part of the qualification season for the next Olympic Games. "
            "Volunteers are being recruited to help with the organisation.",
            "The arena, built for international competitions, has hosted gymnastics World Cups and European "
            "championships in recent years. Officials said ticket sales would open in January and that "
            "schools would receive free tickets for the qualification rounds. Broadcast rights have been "
            "agreed with several European channels.",
            "Azerbaijan has invested heavily in gymnastics, from the rhythmic and artistic disciplines to "
            "trampoline. Coaches said home events give young athletes valuable experience of competing in "
            "front of large crowds. The national federation has also expanded its youth programmes in "
            "regional towns in recent years.",
        ],
    },
]
