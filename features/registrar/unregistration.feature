Feature: Removing bindings
  A binding with lifetime 0 is removed; "*" with Expires 0 removes them all (RFC 3261 §10.2.2, §10.3 step 6).

  @REG-B-unregister-one
  Scenario: Unregistering the only contact leaves no binding and no Contact in the 200
    Given bob registers
    When bob unregisters
    Then the response status is 200
    And the response lists no contact
    And the location table has 0 rows for bob
    When alice sends an OPTIONS to bob
    Then the response status is 404

  @REG-B-unregister-one @REG-B-multiple-contacts
  Scenario: Unregistering one phone keeps the other
    Given bob's desk phone registers
    And bob's mobile phone registers
    When bob's desk phone registers with expires 0
    Then the response status is 200
    And the response lists 1 contact
    And the response lists bob's mobile phone with an expires parameter

  @REG-B-unregister-all
  Scenario: "*" with Expires 0 removes every binding of the AoR
    Given bob's desk phone registers
    And bob's mobile phone registers
    When bob unregisters all bindings
    Then the response status is 200
    And the response lists no contact
    And the location table has 0 rows for bob

  @REG-B-unregister-all @REG-B-error-header
  Scenario: "*" with a non-zero Expires is refused with 400 and an explanation
    Given bob registers
    When bob sends a REGISTER with Contact "*" and Expires 300
    Then the response status is 400
    And the response has a "P-Registrar-Error" header
    And the location table has 1 row for bob

  @REG-F-unregister
  Scenario: An administrative unregister removes the bindings and lookup fails afterwards
    Given bob registers
    When the administrator removes every binding of bob
    And alice sends an OPTIONS to bob
    Then the response status is 404
    And the location table has 0 rows for bob

  # REG-B-unregister-all: RFC 3261 §10.3 step 6 lets "*" stand only alone (with Expires 0); the
  # shared catalog says the same. Kamailio 5.6.3 answered 200 to "*" next to another contact with
  # Expires 0 (removing the bindings). The reference server's 400 follows the RFC; Kamailio diverges.
  @REG-B-unregister-all @kamailio-divergence
  Scenario: "*" next to another contact is refused with 400
    Given bob registers
    When bob sends a REGISTER with Contact "*, <sip:someone@127.0.0.1:5999>" and Expires 0
    Then the response status is 400
    And the location table has 1 row for bob
