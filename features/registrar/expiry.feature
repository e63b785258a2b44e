Feature: Expiry of bindings
  A binding that is not refreshed stops being used when its lifetime ends, and the usrloc timer
  deletes it within timer_interval (RFC 3261 §10.2.1, usrloc 5.6 §3.25).

  Background:
    Given the registrar parameter "min_expires" is 10
    And the usrloc parameter "timer_interval" is 5
    And the usrloc parameter "db_mode" is 1

  @REG-B-expiry
  Scenario: After its lifetime a binding is no longer used by lookup
    Given bob registers with Expires 10
    When 12 seconds pass
    And alice sends an OPTIONS to bob
    Then the response status is 404
    And bob receives no OPTIONS within 500 ms

  @REG-B-expiry
  Scenario: A refreshed binding outlives its first lifetime
    Given bob registers with Expires 10
    When 6 seconds pass
    And bob registers with Expires 10
    And 6 seconds pass
    And alice sends an OPTIONS to bob
    Then bob receives the OPTIONS from alice

  @UL-P-timer_interval
  Scenario: The usrloc timer deletes an expired binding's row within timer_interval
    Given bob registers with Expires 10
    When 17 seconds pass
    Then the location table has 0 rows for bob
