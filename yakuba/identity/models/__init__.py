from .organisation import ROLE_RANK, Assignment, OrgUnit, Role
from .user import User

__all__ = ["ROLE_RANK", "Assignment", "OrgUnit", "Role", "User"]
