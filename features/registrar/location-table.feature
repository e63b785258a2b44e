Feature: The location table
  Bindings are rows of `location` with Kamailio 5.6's columns (usrloc 5.6, table version 9).

  Background:
    Given the usrloc parameter "db_mode" is 1

  @UL-DB-location
  Scenario: A binding's row carries the AoR, contact, Call-ID, CSeq, lifetime and User-Agent
    Given the usrloc parameter "use_domain" is 0
    When bob registers with Expires 600
    Then the location table has 1 row for bob
    And bob's location row holds the contact and Call-ID of the REGISTER
    And bob's location row has username "<user>"
    And bob's location row has user_agent "siplab-uas-sim"
    And bob's location row expires 600 seconds after it was last modified

  @UL-P-use_domain
  Scenario: With use_domain 0 the AoR key is the user part alone
    Given the usrloc parameter "use_domain" is 0
    When bob registers
    Then bob's location row has username "<user>"
    And bob's location row has domain "NULL"

  @REG-B-methods
  Scenario: The methods a contact accepts are stored from its Allow header
    Given bob's phones allow only "INVITE, MESSAGE"
    When bob registers
    Then the response status is 200
    And bob's location row has methods "257"
