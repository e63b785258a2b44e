Feature: Registration lifetimes
  A binding lives as long as the Contact expires parameter says, else the Expires header,
  else default_expires; min_expires and max_expires bound it (registrar 5.6 §3, RFC 3261 §10.2.1).

  Background:
    Given the registrar parameter "default_expires" is 3600
    And the registrar parameter "min_expires" is 10
    And the registrar parameter "max_expires" is 7200
    And the registrar parameter "min_expires_mode" is 0

  @REG-P-default_expires
  Scenario: A REGISTER without expiry information gets default_expires
    When bob registers
    Then the response status is 200
    And the response lists bob's contact with expires 3600

  @REG-P-min_expires
  Scenario: A lifetime below min_expires is raised to min_expires (mode 0)
    When bob registers with Expires 5
    Then the response status is 200
    And the response lists bob's contact with expires 10

  @REG-P-max_expires
  Scenario: A lifetime above max_expires is lowered to max_expires
    When bob registers with Expires 10000
    Then the response status is 200
    And the response lists bob's contact with expires 7200

  @REG-B-contact-expires-precedence
  Scenario: The Contact expires parameter wins over the Expires header, which wins over the default
    When bob registers with Expires 300 and the contacts:
      | line | expires |
      | a    | 60      |
      | b    |         |
    Then the response status is 200
    And the response lists line "a" with expires 60
    And the response lists line "b" with expires 300

  @REG-RFC3261-423
  Scenario: With min_expires_mode 1 a too short lifetime is refused with 423 and Min-Expires
    Given the registrar parameter "min_expires_mode" is 1
    When bob registers with Expires 5
    Then the response status is 423
    And the response has a "Min-Expires" header of "10"
    And the location table has 0 rows for bob
