Feature: Saving bindings and looking them up
  save() stores the To AoR's contacts and answers 200 with every binding; lookup() sends requests
  for a local user to its registered contacts (registrar 5.6 §4.1-4.2, RFC 3261 §10.3).

  Background:
    Given the registrar parameter "default_expires" is 3600
    And the registrar parameter "append_branches" is 1

  @REG-F-save @REG-RFC3261-200-bindings
  Scenario: A REGISTER is answered 200 with the binding and its remaining lifetime
    When bob registers with Expires 600
    Then the response status is 200
    And the response lists 1 contact
    And the response lists bob's contact with expires 600

  @REG-F-save @UL-P-db_mode
  Scenario: With write-through storage the binding is in the location table once the 200 is sent
    Given the usrloc parameter "db_mode" is 1
    When bob registers with Expires 600
    Then the response status is 200
    And the location table has 1 row for bob
    And bob's location row holds the contact and Call-ID of the REGISTER

  @REG-F-lookup
  Scenario: A request for a registered user reaches its contact and the answer comes back
    Given bob registers
    When alice sends a MESSAGE to bob
    Then bob receives the MESSAGE from alice
    And the response status is 200

  @REG-F-lookup
  Scenario: A contact registered over TCP gets its requests over TCP
    Given bob registers over TCP
    When alice sends a MESSAGE to bob
    Then bob's tcp phone receives the MESSAGE from alice
    And bob's tcp phone got it over TCP
    And the response status is 200

  @REG-F-lookup
  Scenario: A request for a user with no binding is not delivered
    When alice sends an OPTIONS to bob
    Then the response status is 404

  @REG-B-query
  Scenario: A REGISTER without Contact changes nothing and lists the current bindings
    Given bob registers with Expires 600
    When bob queries the bindings
    Then the response status is 200
    And the response lists 1 contact
    And the location table has 1 row for bob

  @REG-B-multiple-contacts @REG-P-append_branches @REG-RFC3261-200-bindings
  Scenario: Two phones of one user are both listed and both get a request for the user
    Given bob's desk phone registers
    When bob's mobile phone registers
    Then the response status is 200
    And the response lists 2 contacts
    And the response lists bob's desk phone with an expires parameter
    And the response lists bob's mobile phone with an expires parameter
    When alice sends a MESSAGE to bob
    Then bob's desk phone receives the MESSAGE from alice
    And bob's mobile phone receives the MESSAGE from alice

  @REG-P-append_branches
  Scenario: Without append_branches only the best contact gets the request
    Given the registrar parameter "append_branches" is 0
    And bob's desk phone registers
    And bob's mobile phone registers
    When alice sends a MESSAGE to bob
    Then the response status is 200
    And exactly one of bob's phones "desk" and "mobile" receives the MESSAGE

  @REG-P-case_sensitive
  Scenario: With case_sensitive 0 the user part of the AoR matches in any case
    Given the registrar parameter "case_sensitive" is 0
    And bob registers under the upper-case user name
    When alice sends an OPTIONS to bob
    Then bob receives the OPTIONS from alice

  @REG-RFC3261-to-aor
  Scenario: The AoR registered is the To URI, the Request-URI only names the domain
    When bob registers
    Then the response status is 200
    And the location table has 1 row for bob
    When alice sends an OPTIONS to bob
    Then bob receives the OPTIONS from alice

  # REG-RFC3261-to-aor: Kamailio 5.6.3 answers 200 and stores a binding with an empty username
  # (the shared catalog recorded 400 "No username in To URI"). RFC 3261 §10.2 and §10.3 step 5 make
  # the To URI the address of record of a user; without a user part there is none to bind. The
  # reference server's 400 follows the RFC and the catalog; Kamailio diverges.
  @REG-RFC3261-to-aor @kamailio-divergence
  Scenario: A To URI without a user part cannot be registered
    When bob sends a REGISTER whose To URI has no user part
    Then the response status is 400
