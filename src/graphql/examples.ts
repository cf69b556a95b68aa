/** Example queries preloaded in GraphiQL's tabs; a test runs each against the demo data. */
export const EXAMPLE_QUERIES: Array<{ title: string; query: string; variables?: Record<string, unknown> }> = [
  {
    title: "聊城市应急管理局 2020: applications and penalties",
    query: `query Seed {
  agencies(filter: { name: "聊城市应急管理局" }, first: 1) {
    nodes {
      name
      region { code name }
      report(year: 2020) {
        year
        format
        applications {
          newReceived { natural commercial research publicInterest legal otherOrg total }
          outcomes { granted { total } unableToProvide { notHeld { total } } total { total } }
          carriedForward { total }
        }
        proactive { ... on Proactive2019 { punishment { previousYearItems change decisions } licensing { change } } }
        findings { rule severity path printed computed message }
      }
    }
  }
}`,
  },
  {
    title: "Every report with its findings",
    query: `query Findings {
  reports(first: 20) {
    totalCount
    nodes {
      year
      printedAgencyName
      format
      applications { newReceived { total } }
      findings { rule path printed computed }
    }
  }
}`,
  },
  {
    title: "福州市 (350100) 2023: region-wide totals, metrics and coverage",
    query: `query Region {
  regionStatistics(regionCode: "350100", year: 2023) {
    region { name }
    applications { newReceived { natural commercial legal total } outcomes { granted { total } partiallyGranted { total } total { total } } }
    reviewLitigation { review { total } litigationDirect { total } }
    metrics { disclosureRate { numerator denominator value } backlogRate { value } }
    coverage { reportingAgencies missingCount missing { agency { name } reportedPreviousYear } }
  }
}`,
  },
  {
    title: "Ranking 2023 by disclosure rate (公开率)",
    query: `query Ranking {
  ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "350100", minDenominator: 5) {
    rankedCount
    entries { rank agency { name } value { numerator denominator value } regionAverage { value } }
    smallSamples { agency { name } value { numerator denominator } }
  }
}`,
  },
  {
    title: "Agencies of 平潭县 (350128) and their report years",
    query: `query Pingtan($region: String!) {
  agencies(filter: { regionCode: $region }, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name kind reports { year format } } }
  }
}`,
    variables: { region: "350128" },
  },
];
