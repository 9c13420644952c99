"""The sales library (销售资料): products, prices, solutions, case studies, contract templates and competitors."""
