package lifecycle

// OrderStatus is the status of an order (domain §6.1, A8).
type OrderStatus string

// Order states.
const (
	OrderNone           OrderStatus = ""
	OrderPendingPayment OrderStatus = "pending_payment" // 待支付: placed, not paid; cancelled automatically after 24 hours
	OrderProcessing     OrderStatus = "processing"      // 处理中: paid; delivery (supervision) not finished
	OrderCompleted      OrderStatus = "completed"       // 已完成
	OrderCancelled      OrderStatus = "cancelled"       // 已取消: unpaid and cancelled by the buyer or the system
	OrderUnsubscribed   OrderStatus = "unsubscribed"    // 已退订: ended with a refund
)

// OrderEvent is an event on an order.
type OrderEvent string

// Order events.
const (
	OrderPlace       OrderEvent = "place"       // the buyer confirms the purchase
	OrderPay         OrderEvent = "pay"         // paid from the balance
	OrderCancel      OrderEvent = "cancel"      // the buyer, or the system when the payment window closes
	OrderComplete    OrderEvent = "complete"    // system: delivered instantly, or supervision accepted
	OrderUnsubscribe OrderEvent = "unsubscribe" // operations' arbitration, an approved or standard unsubscription
)

// Order is the order machine.
var Order = &Machine[OrderStatus, OrderEvent]{
	Name:   "order",
	States: []OrderStatus{OrderNone, OrderPendingPayment, OrderProcessing, OrderCompleted, OrderCancelled, OrderUnsubscribed},
	Events: []OrderEvent{OrderPlace, OrderPay, OrderCancel, OrderComplete, OrderUnsubscribe},
	Transitions: []Transition[OrderStatus, OrderEvent]{
		{OrderNone, OrderPlace, []Actor{Buyer}, OrderPendingPayment},
		{OrderPendingPayment, OrderPay, []Actor{Buyer}, OrderProcessing},
		{OrderPendingPayment, OrderCancel, []Actor{Buyer, System}, OrderCancelled},
		{OrderProcessing, OrderComplete, []Actor{System}, OrderCompleted},
		{OrderProcessing, OrderUnsubscribe, []Actor{Reviewer, Admin, System}, OrderUnsubscribed},
		// A delivered order without supervision ends by the platform's standard unsubscription rules.
		{OrderCompleted, OrderUnsubscribe, []Actor{System}, OrderUnsubscribed},
	},
}

// SupStatus is the node of an order's service supervision (服务监管, §5, A7).
type SupStatus string

// Supervision nodes. Which of them a flow uses depends on the product type.
const (
	SupNone         SupStatus = ""
	SupRequirements SupStatus = "requirements" // 待提交需求: the buyer states what they need
	SupConfirming   SupStatus = "confirming"   // 待商家确认需求: the seller confirms or returns the requirements
	SupImplementing SupStatus = "implementing" // 服务商实施服务 / 待发货 / 待开通交付: the seller delivers
	SupAcceptance   SupStatus = "acceptance"   // 待用户验收: the buyer accepts or rejects the delivery
	SupCompleted    SupStatus = "completed"    // 已完成
	SupUnsubscribed SupStatus = "unsubscribed" // ended with a refund: arbitration, or an approved unsubscription
)

// SupEvent is an event of service supervision.
type SupEvent string

// Supervision events. The arbitration events are operations' decisions on an
// appeal: send the flow to a node, force acceptance, or end it with a refund.
const (
	SupStart               SupEvent = "start"                // system, on payment
	SupSubmitRequirements  SupEvent = "submit_requirements"  // buyer
	SupConfirmRequirements SupEvent = "confirm_requirements" // seller
	SupReturnRequirements  SupEvent = "return_requirements"  // seller: back to the buyer for edits
	SupDeliver             SupEvent = "deliver"              // seller: 确认完成 / 开通交付 / 发货, with proofs
	SupAccept              SupEvent = "accept"               // buyer
	SupRejectDelivery      SupEvent = "reject_delivery"      // buyer, with a reason: back to implementation
	SupAutoAccept          SupEvent = "auto_accept"          // system: hardware, 10 days after a trackable sign-off
	SupToRequirements      SupEvent = "to_requirements"      // arbitration
	SupToImplementing      SupEvent = "to_implementing"      // arbitration
	SupToAcceptance        SupEvent = "to_acceptance"        // arbitration
	SupForceAccept         SupEvent = "force_accept"         // arbitration
	SupUnsubscribe         SupEvent = "unsubscribe"          // arbitration, or the system for an approved unsubscription: refund and end
)

// Flow names.
const (
	FlowStandard = "standard" // manual service, offline SaaS, data file: requirements → confirmation → delivery → acceptance
	FlowLicense  = "license"  // License: 开通交付 → acceptance
	FlowHardware = "hardware" // hardware: shipping → acceptance, automatic after sign-off
)

var (
	supStates = []SupStatus{SupNone, SupRequirements, SupConfirming, SupImplementing, SupAcceptance, SupCompleted, SupUnsubscribed}
	supEvents = []SupEvent{SupStart, SupSubmitRequirements, SupConfirmRequirements, SupReturnRequirements, SupDeliver, SupAccept,
		SupRejectDelivery, SupAutoAccept, SupToRequirements, SupToImplementing, SupToAcceptance, SupForceAccept, SupUnsubscribe}
)

// arbitration lists operations' decisions from every open node of a flow.
func arbitration(open []SupStatus, targets map[SupEvent]SupStatus) []Transition[SupStatus, SupEvent] {
	var out []Transition[SupStatus, SupEvent]
	for _, from := range open {
		for _, ev := range []SupEvent{SupToRequirements, SupToImplementing, SupToAcceptance, SupForceAccept, SupUnsubscribe} {
			if to, ok := targets[ev]; ok {
				actors := ops
				if ev == SupUnsubscribe {
					// A negotiated unsubscription the seller approved ends the flow too.
					actors = []Actor{Reviewer, Admin, System}
				}
				out = append(out, Transition[SupStatus, SupEvent]{from, ev, actors, to})
			}
		}
	}
	return out
}

// StandardFlow is the standard supervision flow (§5.4, §5.7, §5.9 data files).
var StandardFlow = &Machine[SupStatus, SupEvent]{
	Name:   "supervision_standard",
	States: supStates,
	Events: supEvents,
	Transitions: append([]Transition[SupStatus, SupEvent]{
		{SupNone, SupStart, []Actor{System}, SupRequirements},
		{SupRequirements, SupSubmitRequirements, []Actor{Buyer}, SupConfirming},
		{SupConfirming, SupConfirmRequirements, []Actor{Seller}, SupImplementing},
		{SupConfirming, SupReturnRequirements, []Actor{Seller}, SupRequirements},
		{SupImplementing, SupDeliver, []Actor{Seller}, SupAcceptance},
		{SupAcceptance, SupAccept, []Actor{Buyer}, SupCompleted},
		{SupAcceptance, SupRejectDelivery, []Actor{Buyer}, SupImplementing},
	}, arbitration([]SupStatus{SupRequirements, SupConfirming, SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToRequirements: SupRequirements, SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance,
		SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})...),
}

// LicenseFlow is the License flow (§5.6 a): the seller delivers the licence, the buyer accepts.
var LicenseFlow = &Machine[SupStatus, SupEvent]{
	Name:   "supervision_license",
	States: supStates,
	Events: supEvents,
	Transitions: append([]Transition[SupStatus, SupEvent]{
		{SupNone, SupStart, []Actor{System}, SupImplementing},
		{SupImplementing, SupDeliver, []Actor{Seller}, SupAcceptance},
		{SupAcceptance, SupAccept, []Actor{Buyer}, SupCompleted},
		{SupAcceptance, SupRejectDelivery, []Actor{Buyer}, SupImplementing},
	}, arbitration([]SupStatus{SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance, SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})...),
}

// HardwareFlow is the hardware flow (§5.8): shipping, then acceptance — by the
// buyer, or by the system 10 days after a trackable courier sign-off.
var HardwareFlow = &Machine[SupStatus, SupEvent]{
	Name:   "supervision_hardware",
	States: supStates,
	Events: supEvents,
	Transitions: append([]Transition[SupStatus, SupEvent]{
		{SupNone, SupStart, []Actor{System}, SupImplementing},
		{SupImplementing, SupDeliver, []Actor{Seller}, SupAcceptance},
		{SupAcceptance, SupAccept, []Actor{Buyer}, SupCompleted},
		{SupAcceptance, SupAutoAccept, []Actor{System}, SupCompleted},
		{SupAcceptance, SupRejectDelivery, []Actor{Buyer}, SupImplementing},
	}, arbitration([]SupStatus{SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance, SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})...),
}

// Flow returns the machine of a flow name, nil for an unknown one.
func Flow(name string) *Machine[SupStatus, SupEvent] {
	switch name {
	case FlowStandard:
		return StandardFlow
	case FlowLicense:
		return LicenseFlow
	case FlowHardware:
		return HardwareFlow
	}
	return nil
}

// AppealStatus is the status of an appeal (申诉, §5.10).
type AppealStatus string

// Appeal states. While an appeal is open or waiting for material, its order's
// supervision is frozen.
const (
	AppealNone      AppealStatus = ""
	AppealOpen      AppealStatus = "open"      // 待处理: operations arbitrate within 3 working days
	AppealMaterial  AppealStatus = "material"  // 待补充材料: operations asked a party for more
	AppealDecided   AppealStatus = "decided"   // 已裁决
	AppealWithdrawn AppealStatus = "withdrawn" // 已撤销 by the appellant
)

// AppealEvent is an event of an appeal.
type AppealEvent string

// Appeal events.
const (
	AppealFile     AppealEvent = "file"     // buyer or seller
	AppealAsk      AppealEvent = "ask"      // operations ask for material
	AppealAnswer   AppealEvent = "answer"   // the party asked supplies it
	AppealDecide   AppealEvent = "decide"   // operations
	AppealWithdraw AppealEvent = "withdraw" // the appellant
)

// Appeal is the appeal machine.
var Appeal = &Machine[AppealStatus, AppealEvent]{
	Name:   "appeal",
	States: []AppealStatus{AppealNone, AppealOpen, AppealMaterial, AppealDecided, AppealWithdrawn},
	Events: []AppealEvent{AppealFile, AppealAsk, AppealAnswer, AppealDecide, AppealWithdraw},
	Transitions: []Transition[AppealStatus, AppealEvent]{
		{AppealNone, AppealFile, []Actor{Buyer, Seller}, AppealOpen},
		{AppealOpen, AppealAsk, ops, AppealMaterial},
		{AppealMaterial, AppealAnswer, []Actor{Buyer, Seller}, AppealOpen},
		{AppealOpen, AppealDecide, ops, AppealDecided},
		{AppealMaterial, AppealDecide, ops, AppealDecided},
		{AppealOpen, AppealWithdraw, []Actor{Buyer, Seller}, AppealWithdrawn},
		{AppealMaterial, AppealWithdraw, []Actor{Buyer, Seller}, AppealWithdrawn},
	},
}

// AppealActive reports whether an appeal in s freezes its order.
func AppealActive(s AppealStatus) bool { return s == AppealOpen || s == AppealMaterial }
