Feature: Which inbox a stored MESSAGE belongs to, by store function
  The routing script chooses the store function and its arguments. OpenSER 1.x m_store(mode) picks
  the owner by mode: "0" the new R-URI if it is an address of record, else the R-URI, else To; "1"
  the R-URI, then To; "2" To only (OpenSER msilo doc, m_store). Kamailio 6.1 m_store_addrs(owner,
  srcaddr, dstaddr) also takes the stored source and destination addresses from its arguments, and
  m_dump(owner) dumps the inbox of the URI it is given (msilo 6.1 §4.2, §4.3). The msilo overview
  (all versions): the R-URI names the owner only when it is a complete address of record
  ("username@hostname"), otherwise the To URI does.

  Each scenario declares the script it needs as siplab_routing parameters: store_function
  (m_store, m_store_mode, m_store_addrs), the owner argument on the "not registered" path
  (store_owner_notfound) and in the failure route (store_owner_failure, "" = no argument),
  store_mode_notfound / store_mode_failure, store_src_addr / store_dst_addr, dump_owner
  ("" = m_dump() without argument), rewrite_ruri (the script sets the R-URI of a MESSAGE to this
  value before lookup when it is not empty) and store_userless_ruri (1: a MESSAGE whose R-URI has no
  user part goes to the store function, as in the msilo sample scripts).

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "clean_period" is 2
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "add_date" is 0
    And the msilo parameter "add_contact" is 0

  # --- OpenSER m_store(mode) ---------------------------------------------------------------

  @MSILO-F-m_store-mode0
  Scenario: Mode 0 files the message under a rewritten Request-URI that is an address of record
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 0
    And the siplab_routing parameter "rewrite_ruri" is "$hdr(X-Forward-To)"
    When alice sends a MESSAGE to bob with body "for carol now" and the headers:
      | name         | value                |
      | X-Forward-To | sip:<carol>@<domain> |
    Then the response status is 202
    And the silo table has 1 row for carol
    And the silo table has 0 rows for bob
    And carol's silo row has dst_addr "sip:<bob>@<domain>"

  # lookup() rewrote the R-URI to bob's contact, whose host is an IP address: not an AoR.
  @MSILO-F-m_store-mode0
  Scenario: Mode 0 in the failure route skips the contact address and uses the original Request-URI
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_failure" is 0
    And bob's phones answer MESSAGE with 480
    And bob registers
    When alice sends a MESSAGE to bob with body "contact is no AoR"
    Then bob receives the MESSAGE from alice with body "contact is no AoR"
    And the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has domain "<domain>"

  @MSILO-F-m_store-mode0 @MSILO-B-store-owner-doc
  Scenario: Mode 0 uses the To URI when the Request-URI has no user part
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 0
    And the siplab_routing parameter "store_userless_ruri" is 1
    When alice sends a MESSAGE to the domain addressed To bob with body "to whom?"
    Then the response status is 202
    And the silo table has 1 row for bob

  @MSILO-F-m_store-mode1
  Scenario: Mode 1 keeps the original Request-URI although the script rewrote it
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 1
    And the siplab_routing parameter "rewrite_ruri" is "$hdr(X-Forward-To)"
    When alice sends a MESSAGE to bob with body "still bob's" and the headers:
      | name         | value                |
      | X-Forward-To | sip:<carol>@<domain> |
    Then the response status is 202
    And the silo table has 1 row for bob
    And the silo table has 0 rows for carol

  # The OpenSER sample script: failure_route stores with m_store("1") after a rejected relay.
  @MSILO-F-m_store-mode1
  Scenario: Mode 1 in the failure route stores for the original Request-URI
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_failure" is 1
    And bob's phones answer MESSAGE with 405
    And bob registers
    When alice sends a MESSAGE to bob with body "no MESSAGE support"
    Then bob receives the MESSAGE from alice with body "no MESSAGE support"
    And the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has domain "<domain>"

  @MSILO-F-m_store-mode1 @MSILO-B-store-owner-doc
  Scenario: Mode 1 uses the To URI when the Request-URI has no user part
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 1
    And the siplab_routing parameter "store_userless_ruri" is 1
    When alice sends a MESSAGE to the domain addressed To bob with body "to whom, mode 1?"
    Then the response status is 202
    And the silo table has 1 row for bob

  @MSILO-F-m_store-mode2
  Scenario: Mode 2 files the message under the To URI whatever the Request-URI names
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 2
    When alice sends a MESSAGE to bob addressed To carol with body "To decides"
    Then the response status is 202
    And the silo table has 1 row for carol
    And the silo table has 0 rows for bob

  @MSILO-F-m_store-mode2
  Scenario: Mode 2 does not store when the To URI has no user part
    Given the siplab_routing parameter "store_function" is "m_store_mode"
    And the siplab_routing parameter "store_mode_notfound" is 2
    When alice sends a MESSAGE to bob addressed To the domain with body "To names nobody"
    Then the response status is 503
    And the silo table has 0 rows for bob

  # --- Kamailio 6.1 m_store_addrs(owner, srcaddr, dstaddr) -----------------------------------

  @MSILO-F-m_store_addrs
  Scenario: m_store_addrs stores the source and destination addresses it is given
    Given the siplab_routing parameter "store_function" is "m_store_addrs"
    And the siplab_routing parameter "store_owner_notfound" is "$tu"
    And the siplab_routing parameter "store_src_addr" is "$hdr(X-Src)"
    And the siplab_routing parameter "store_dst_addr" is "$hdr(X-Dst)"
    When alice sends a MESSAGE to bob with body "on behalf of carol" and the headers:
      | name  | value                         |
      | X-Src | sip:<carol>@<domain>          |
      | X-Dst | sip:<bob>@<domain>;archive=1  |
    Then the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has src_addr "sip:<carol>@<domain>"
    And bob's silo row has dst_addr "sip:<bob>@<domain>;archive=1"

  @MSILO-F-m_store_addrs
  Scenario: Empty address arguments fall back to the From and To URIs
    Given the siplab_routing parameter "store_function" is "m_store_addrs"
    And the siplab_routing parameter "store_owner_notfound" is "$tu"
    And the siplab_routing parameter "store_src_addr" is ""
    And the siplab_routing parameter "store_dst_addr" is ""
    When alice sends a MESSAGE to bob with body "plain addresses"
    Then the response status is 202
    And bob's silo row has src_addr "sip:<alice>@<domain>"
    And bob's silo row has dst_addr "sip:<bob>@<domain>"

  @MSILO-F-m_store_addrs
  Scenario: The dumped MESSAGE comes from the stored source and goes to the stored destination
    Given the siplab_routing parameter "store_function" is "m_store_addrs"
    And the siplab_routing parameter "store_owner_notfound" is "$tu"
    And the siplab_routing parameter "store_src_addr" is "$hdr(X-Src)"
    And the siplab_routing parameter "store_dst_addr" is "$hdr(X-Dst)"
    And alice sends a MESSAGE to bob with body "signed carol" and the headers:
      | name  | value                         |
      | X-Src | sip:<carol>@<domain>          |
      | X-Dst | sip:<bob>@<domain>;archive=1  |
    When bob registers
    Then bob receives the MESSAGE from carol with body "signed carol"
    And the delivered MESSAGE has the To URI "sip:<bob>@<domain>;archive=1"

  # --- m_dump(owner) ---------------------------------------------------------------------------

  # A third-party registration: bob (From) binds carol's AoR (To) to his own phone. m_dump("$fu")
  # dumps bob's inbox, which reaches bob's phone through lookup; carol's inbox stays.
  @MSILO-F-m_dump-owner
  Scenario: m_dump("$fu") delivers the inbox of the party that registers, not of the registered AoR
    Given the siplab_routing parameter "dump_owner" is "$fu"
    And bob's phones answer MESSAGE with 480
    And bob registers
    And alice sends a MESSAGE to bob with body "kept for bob"
    And bob receives the MESSAGE from alice with body "kept for bob"
    And the silo table has 1 row for bob
    And alice sends a MESSAGE to carol with body "kept for carol"
    And the silo table has 1 row for carol
    And bob's phones answer MESSAGE with 200
    When bob registers a binding for carol at his own phone
    Then the response status is 200
    And bob receives the MESSAGE from alice with body "kept for bob"
    And bob receives no MESSAGE within 1500 ms
    And the silo table has 1 row for carol

  # --- The documented owner rule (msilo overview) -----------------------------------------------

  # MSILO-B-store-owner-doc: the msilo overview (OpenSER 1.x and Kamailio 6.1 docs) says that when
  # the R-URI is not a complete address of record the To URI is used. Kamailio 5.6's m_store()
  # without argument takes the R-URI only and fails when it has no user part (503, nothing stored).
  # The reference server follows the documentation; Kamailio 5.6 diverges.
  @MSILO-B-store-owner-doc @kamailio-divergence
  Scenario: m_store() stores a MESSAGE whose Request-URI has no user part for the To user
    Given the siplab_routing parameter "store_function" is "m_store"
    And the siplab_routing parameter "store_owner_notfound" is ""
    And the siplab_routing parameter "store_userless_ruri" is 1
    When alice sends a MESSAGE to the domain addressed To bob with body "no user in the R-URI"
    Then the response status is 202
    And the silo table has 1 row for bob

  @MSILO-B-store-owner-doc
  Scenario: m_store() in the failure route ignores the contact address and stores for the AoR
    Given the siplab_routing parameter "store_function" is "m_store"
    And the siplab_routing parameter "store_owner_failure" is ""
    And bob's phones answer MESSAGE with 480
    And bob registers
    When alice sends a MESSAGE to bob with body "rejected by the phone"
    Then bob receives the MESSAGE from alice with body "rejected by the phone"
    And the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has domain "<domain>"
